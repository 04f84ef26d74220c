package dev.javacached.kernel.magic;

import dev.javacached.kernel.magic.CellParser.MagicLine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which magics exist and what they say about themselves: the line magics by name and alias
 * ({@code %lsmagic} among them), the {@link CellMagic}s and the {@link CellBodyMagic}s; their
 * help ({@code %name?}), their written forms, the {@code %lsmagic} listing, and the message for
 * a name that is none of them.
 */
final class MagicRegistry {

    private final Map<String, MagicCommand> magics = new TreeMap<>();
    private final Map<String, CellBodyMagic> bodyMagics = new TreeMap<>();

    MagicRegistry(Collection<? extends MagicCommand> commands, Collection<? extends CellBodyMagic> bodyCommands) {
        List<MagicCommand> all = new ArrayList<>(commands);
        all.add(new LsMagic(this::listed));
        for (MagicCommand c : all) {
            List<String> names = new ArrayList<>();
            names.add(c.name());
            names.addAll(c.aliases());
            for (String name : names) {
                if (magics.putIfAbsent(name, c) != null) {
                    throw new IllegalArgumentException("two magics named %" + name);
                }
            }
        }
        for (CellBodyMagic c : bodyCommands) {
            if (CellMagic.named(c.name()).isPresent() || bodyMagics.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two cell magics named %%" + c.name());
            }
        }
    }

    /** The line magic called {@code name} (or aliased so), or null. */
    MagicCommand command(String name) {
        return magics.get(name);
    }

    /** The cell magic with a non-Java body called {@code name}, or null. */
    CellBodyMagic bodyMagic(String name) {
        return bodyMagics.get(name);
    }

    boolean hasBodyMagics() {
        return !bodyMagics.isEmpty();
    }

    /** {@code %name?} asks for a magic's help. */
    Optional<String> helpRequest(MagicLine m) {
        if (!m.name().endsWith("?") || !m.args().isEmpty()) {
            return Optional.empty();
        }
        return helpOf(m.name().substring(0, m.name().length() - 1), m.cell());
    }

    Optional<String> helpOf(String name, boolean cell) {
        if (cell) {
            return CellMagic.named(name).map(c -> c.help)
                    .or(() -> Optional.ofNullable(bodyMagics.get(name)).map(CellBodyMagic::help));
        }
        return Optional.ofNullable(magics.get(name)).map(MagicCommand::help);
    }

    /** Why {@code m} names no magic, with the nearest one and the list. */
    String unknown(MagicLine m) {
        List<String> forms = forms();
        String typed = m.form();
        Optional<String> near = Suggest.nearest(typed, forms);
        if (near.isEmpty()) {
            // %nocache for %%nocache, %%cache for %cache
            String bare = m.name();
            near = forms.stream().filter(f -> f.replace("%", "").equals(bare)).findFirst();
        }
        return "unknown " + (m.cell() ? "cell " : "") + "magic " + typed
                + near.map(n -> " — did you mean " + n + "?").orElse("")
                + " Try %lsmagic for the list (line magics: " + String.join(" ", lineForms())
                + "; cell magics, first line only: " + String.join(" ", cellForms()) + ")";
    }

    /** Every magic as written: {@code %name} for line magics, then {@code %%name} for cell magics. */
    List<String> forms() {
        List<String> forms = new ArrayList<>(lineForms());
        forms.addAll(cellForms());
        return forms;
    }

    private List<String> cellForms() {
        List<String> forms = new ArrayList<>(java.util.Arrays.stream(CellMagic.values()).map(c -> "%%" + c.name).toList());
        bodyMagics.keySet().forEach(n -> forms.add("%%" + n));
        return forms;
    }

    private List<String> lineForms() {
        return magics.keySet().stream().map(n -> "%" + n).toList();
    }

    private List<LsMagic.Listed> listed() {
        List<LsMagic.Listed> out = new ArrayList<>();
        magics.forEach((name, c) -> out.add(new LsMagic.Listed("%" + name, name.equals(c.name()) ? c.help()
                : "%" + name + " ...\nThe same as %" + c.name() + " (the name IJava and JJava use).")));
        for (CellMagic c : CellMagic.values()) {
            out.add(new LsMagic.Listed("%%" + c.name, c.help));
        }
        bodyMagics.forEach((name, c) -> out.add(new LsMagic.Listed("%%" + name, c.help())));
        return out;
    }
}
