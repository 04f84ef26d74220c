package dev.javacached.kernel.magic;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code %semicolon show|hide}: whether a cell ending in an expression written with {@code ;}
 * ({@code list.size();}) shows its value. {@code show} is IJava's rule and the default,
 * {@code hide} IPython's. Only what a cell displays changes, never what it computes or caches.
 */
public final class SemicolonMagic implements MagicCommand {

    /** The engine's setting. */
    public interface Rule {
        boolean hides();

        void hides(boolean hides);
    }

    private final Rule rule;

    public SemicolonMagic(Rule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String name() {
        return "semicolon";
    }

    @Override
    public String help() {
        return "%semicolon [show|hide]\n"
                + "Whether a cell's last expression ending in ; shows its value: show (the default, as IJava"
                + " does: list.size(); shows the size) or hide (as IPython: a final ; hides it). For this"
                + " session; without an argument, says which rule is on.";
    }

    @Override
    public Optional<MagicResult.Failure> check(String args) {
        List<String> words = MagicArgs.split(args);
        if (words.size() > 1 || words.size() == 1 && !List.of("show", "hide").contains(words.get(0))) {
            return Optional.of(new MagicResult.Failure(MagicDispatcher.ERROR, "Usage: %semicolon [show|hide]"));
        }
        return Optional.empty();
    }

    @Override
    public List<String> completeArgs(String argsBeforeCursor) {
        String typed = argsBeforeCursor.strip();
        return List.of("show", "hide").stream().filter(w -> w.startsWith(typed)).toList();
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        Optional<MagicResult.Failure> bad = check(args);
        if (bad.isPresent()) {
            return bad.get();
        }
        List<String> words = MagicArgs.split(args);
        if (!words.isEmpty()) {
            rule.hides(words.get(0).equals("hide"));
            return MagicResult.ok();
        }
        return MagicResult.okText(rule.hides()
                ? "hide: a cell's last expression ending in ; shows nothing (IPython's rule)"
                : "show: a cell's last expression shows its value, ; or not (IJava's rule)");
    }
}
