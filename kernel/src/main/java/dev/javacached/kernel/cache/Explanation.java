package dev.javacached.kernel.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Why the current definition of a variable was restored or computed: its fingerprint, the
 * inputs that went into it, the decision, and (for a miss) how those inputs differ from the
 * newest stored entry of the same name.
 *
 * @param name        the variable
 * @param fingerprint the key and its inputs
 * @param decision    what the cache did
 * @param detail      the reason behind the decision (miss reason, not-storable reason, ...)
 * @param differences for a miss: what differs from the newest stored entry of {@code name};
 *                    empty when restored or when no older entry exists
 */
public record Explanation(String name, Fingerprint fingerprint, Decision decision, String detail,
                          List<String> differences) {

    public enum Decision { RESTORED, STORED, COMPUTED, NOT_STORABLE, FAILED }

    public Explanation {
        differences = List.copyOf(differences);
    }

    Explanation withDetail(String newDetail) {
        return new Explanation(name, fingerprint, decision, newDetail, differences);
    }

    Explanation withDifferences(List<String> diff) {
        return new Explanation(name, fingerprint, decision, detail, diff);
    }

    /** Plain text for {@code %cache why NAME}. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append('`').append(name).append("`: ").append(switch (decision) {
            case RESTORED -> "restored from cache";
            case STORED -> "computed and stored";
            case COMPUTED -> "computed, not stored";
            case NOT_STORABLE -> "computed, not storable";
            case FAILED -> "failed (nothing stored)";
        });
        if (!detail.isEmpty()) {
            b.append(" — ").append(detail);
        }
        b.append('\n');
        b.append("fingerprint: ").append(fingerprint.key()).append('\n');
        b.append("source:      ").append(fingerprint.normalizedSource()).append('\n');
        if (fingerprint.dependencies().isEmpty()) {
            b.append("depends on:  (no notebook declarations)\n");
        } else {
            b.append("depends on:\n");
            for (Dependency d : fingerprint.dependencies()) {
                b.append("  ").append(d.kind().name().toLowerCase(Locale.ROOT)).append(' ').append(d.label())
                        .append(d.kind() == Dependency.Kind.VAR ? "  version " : "  ")
                        .append(d.value(), 0, 12).append('\n');
            }
        }
        b.append("imports:     ").append(fingerprint.imports().isEmpty() ? "(default)"
                : String.join(" ", fingerprint.imports())).append('\n');
        b.append("classpath:   ").append(fingerprint.classpath().describe()).append('\n');
        b.append("java:        ").append(fingerprint.javaFeature()).append('\n');
        if (!differences.isEmpty()) {
            b.append("differs from the newest stored `").append(name).append("`:\n");
            differences.forEach(d -> b.append("  - ").append(d).append('\n'));
        }
        return b.toString();
    }

    /** What differs between the provenance of the current inputs and that of an older entry. */
    static List<String> diff(Map<String, String> now, Map<String, String> old) {
        List<String> out = new ArrayList<>();
        if (!same(now, old, "format")) {
            out.add("cache format changed");
        }
        if (!same(now, old, "java")) {
            out.add("Java version changed (" + old.getOrDefault("java", "?") + " → " + now.get("java") + ")");
        }
        if (!same(now, old, "classpath")) {
            out.add("classpath changed");
        }
        if (!same(now, old, "imports")) {
            out.add("imports changed");
        }
        if (!same(now, old, "source")) {
            out.add("source changed");
        }
        TreeSet<String> keys = new TreeSet<>();
        now.keySet().stream().filter(k -> k.startsWith(Fingerprint.DEP_PREFIX)).forEach(keys::add);
        old.keySet().stream().filter(k -> k.startsWith(Fingerprint.DEP_PREFIX)).forEach(keys::add);
        for (String key : keys) {
            String rest = key.substring(Fingerprint.DEP_PREFIX.length());
            int space = rest.indexOf(' ');
            String kind = rest.substring(0, space);
            String label = rest.substring(space + 1);
            String a = now.get(key);
            String b = old.get(key);
            if (b == null) {
                out.add("now depends on " + kind + " `" + label + "`");
            } else if (a == null) {
                out.add("no longer depends on " + kind + " `" + label + "`");
            } else if (!a.equals(b)) {
                out.add(switch (kind) {
                    case "method" -> "helper `" + label + "` changed";
                    case "type" -> "class `" + label + "` changed";
                    default -> varChange(label, a, b);
                });
            }
        }
        if (out.isEmpty()) {
            out.add("no recorded input differs (an earlier snippet the cache could not analyse, or an older"
                    + " entry format)");
        }
        return out;
    }

    private static String varChange(String label, String now, String old) {
        String[] n = now.split(" ");
        String[] o = old.split(" ");
        boolean sameBase = n.length > 1 && o.length > 1 && n[1].equals(o[1]);
        return sameBase ? "`" + label + "` was changed by a later cell"
                : "`" + label + "` was declared differently (or something it depends on changed)";
    }

    private static boolean same(Map<String, String> a, Map<String, String> b, String key) {
        return a.getOrDefault(key, "").equals(b.getOrDefault(key, ""));
    }
}
