package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.Human;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The written forms of {@code %cache}: its subcommands with their usage lines, and the parse
 * that checks an invocation against them before anything changes, so a typo changes nothing.
 */
final class CacheMagicForms {
    private CacheMagicForms() {
    }

    /** The subcommands, in the order help lists them, with their usage. */
    static final Map<String, String> FORMS = forms();

    private static Map<String, String> forms() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", "%cache [status]           the cache directory, size, limit, threshold and this session's hits");
        m.put("list", "%cache list [NAME...]      stored entries, newest first (all, or those of NAME)");
        m.put("why", "%cache why NAME            why NAME was restored or computed: its fingerprint and inputs");
        m.put("clear", "%cache clear NAME...       removes every stored entry of NAME;  %cache clear --all  removes all");
        m.put("pin", "%cache pin NAME...         keeps NAME's current entry through eviction");
        m.put("unpin", "%cache unpin NAME...       lets eviction take NAME's entries again");
        m.put("off", "%cache off | on            stops / resumes restoring and storing for this session");
        m.put("on", "");
        m.put("limit", "%cache limit [SIZE]        the size cap, e.g. 20G, 500M, 1.5G or bytes (kept; evicts at once)");
        m.put("threshold", "%cache threshold [MS]      values computed faster than MS milliseconds are not stored (kept)");
        m.put("remote", "%cache remote              the shared remote tier: its server, role, state, hits, bytes, latency");
        m.put("recompute", "%cache recompute | nocache  the rest of this cell recomputes / bypasses the cache");
        m.put("nocache", "");
        m.put("help", "%cache help | %cache?      this text");
        return m;
    }

    /** A checked invocation: the subcommand and its operands. */
    record Command(String sub, List<String> operands) {
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Command parse(String args) throws UsageException {
        List<String> words = MagicArgs.split(args);
        if (words.isEmpty()) {
            return new Command("status", List.of());
        }
        String sub = words.get(0);
        List<String> ops = words.subList(1, words.size());
        if (!FORMS.containsKey(sub)) {
            String near = Suggest.nearest(sub, FORMS.keySet()).map(s -> " — did you mean `%cache " + s + "`?")
                    .orElse("");
            throw new UsageException("unknown subcommand `%cache " + sub + "`" + near + " The forms are:\n"
                    + usage());
        }
        switch (sub) {
            case "status", "off", "on", "help", "recompute", "nocache", "remote" -> {
                if (!ops.isEmpty()) {
                    throw usage(sub, "takes no arguments");
                }
            }
            case "list" -> names(sub, ops, false);
            case "why" -> {
                if (ops.size() != 1) {
                    throw usage(sub, "takes one variable name");
                }
                names(sub, ops, true);
            }
            case "clear" -> {
                if (ops.contains("--all")) {
                    if (ops.size() != 1) {
                        throw usage(sub, "takes either names or --all, not both");
                    }
                } else {
                    names(sub, ops, true);
                }
            }
            case "pin", "unpin" -> names(sub, ops, true);
            case "limit" -> {
                if (ops.size() > 1) {
                    throw usage(sub, "takes one size");
                }
                if (ops.size() == 1 && Human.parseBytes(ops.get(0)).isEmpty()) {
                    throw usage(sub, "needs a positive size such as 20G, 500M, 1.5G or a number of bytes, not `"
                            + ops.get(0) + "`");
                }
            }
            case "threshold" -> {
                if (ops.size() > 1) {
                    throw usage(sub, "takes one number of milliseconds");
                }
                if (ops.size() == 1 && parseMillis(ops.get(0)).isEmpty()) {
                    throw usage(sub, "needs a whole number of milliseconds >= 0 (e.g. 100 or 250ms), not `"
                            + ops.get(0) + "`");
                }
            }
            default -> throw new IllegalStateException(sub);
        }
        return new Command(sub, List.copyOf(ops));
    }

    private static void names(String sub, List<String> ops, boolean required) throws UsageException {
        if (required && ops.isEmpty()) {
            throw usage(sub, "needs at least one variable name");
        }
        for (String op : ops) {
            if (!isIdentifier(op)) {
                throw usage(sub, "takes variable names; `" + op + "` is not one");
            }
        }
    }

    private static UsageException usage(String sub, String problem) {
        String form = FORMS.get(sub);
        if (form.isEmpty()) {
            form = FORMS.entrySet().stream().filter(e -> e.getValue().contains("| " + sub)).map(Map.Entry::getValue)
                    .findFirst().orElse("");
        }
        return new UsageException("`%cache " + sub + "` " + problem + ". Usage: " + form.replaceAll("\\s{2,}.*", "")
                + " (see %cache help)");
    }

    private static String usage() {
        return FORMS.values().stream().filter(s -> !s.isEmpty()).map(s -> "  " + s).collect(Collectors.joining("\n"));
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.codePointAt(0))) {
            return false;
        }
        return s.codePoints().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    static OptionalLong parseMillis(String s) {
        String digits = s.toLowerCase(Locale.ROOT).endsWith("ms") ? s.substring(0, s.length() - 2) : s;
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }
}
