package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.magic.MagicCommand;
import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import java.util.List;
import java.util.Objects;

/**
 * {@code %classpath}: lists the jars added this session, with versions, and the fingerprint.
 * With arguments ({@code %classpath PATH...}, IJava's form) it adds jars as {@code %jars} does.
 */
public final class ClasspathMagic implements MagicCommand {
    private final ClasspathLedger ledger;
    private final MagicCommand jars;

    public ClasspathMagic(ClasspathLedger ledger) {
        this(ledger, null);
    }

    /** @param jars what {@code %classpath PATH...} does; null to refuse arguments */
    public ClasspathMagic(ClasspathLedger ledger, MagicCommand jars) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.jars = jars;
    }

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public String help() {
        return "%classpath [PATH_OR_GLOB...]\nLists the jars added this session by %maven and %jars, with versions;"
                + " with paths, adds those jars as %jars does (IJava's %classpath).";
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        if (!args.isBlank()) {
            return jars == null ? MagicResult.failure("UsageError", "%classpath takes no arguments")
                    : jars.run(args, ctx);
        }
        return MagicResult.okText(render(ledger.snapshot()));
    }

    static String render(ClasspathLedger.Snapshot snapshot) {
        List<ClasspathLedger.Entry> entries = snapshot.entries();
        if (entries.isEmpty()) {
            return "No jars added this session.";
        }
        long bytes = snapshot.jars().stream().mapToLong(ResolvedJar::size).sum();
        int idWidth = entries.stream().mapToInt(e -> e.jar().id().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append(entries.size() == 1 ? "1 jar" : entries.size() + " jars")
                .append(" added this session (").append(Human.bytes(bytes)).append("):\n");
        for (ClasspathLedger.Entry e : entries) {
            ResolvedJar jar = e.jar();
            out.append("  ").append(pad(jar.id(), idWidth))
                    .append("  ").append(pad(Human.bytes(jar.size()), 8))
                    .append("  ").append(e.addedBy()).append('\n');
        }
        out.append("fingerprint ").append(snapshot.fingerprint());
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
