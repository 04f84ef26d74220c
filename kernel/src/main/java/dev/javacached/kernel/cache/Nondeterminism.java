package dev.javacached.kernel.cache;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, in javac's parse tree of a snippet, the calls whose result depends on the clock or on
 * unseeded randomness ({@code Math.random()}, {@code new Random()}, {@code Instant.now()}, ...):
 * a value computed from them must not be frozen by the cache without the user asking for it.
 *
 * <p>Parse only, no attribution: a call matches by the class it is called on as written, either
 * its simple name ({@code UUID.randomUUID()}) or its qualified name ({@code
 * java.util.UUID.randomUUID()}; another package does not match). A simple name is recorded in
 * {@link Source#receiver()} so that a notebook class of the same name can overrule the match
 * (then that class's own body decides, through the {@link DependencyGraph}). Not seen: calls
 * through static imports ({@code import static java.lang.Math.random;} then {@code random()}),
 * through reflection, or inside libraries.
 */
public final class Nondeterminism {

    /** What the value depends on. */
    public enum Kind {
        CLOCK("reads the clock"),
        RANDOM("reads unseeded randomness");

        private final String phrase;

        Kind(String phrase) {
            this.phrase = phrase;
        }

        public String phrase() {
            return phrase;
        }
    }

    /**
     * One such call in a snippet.
     *
     * @param call     as shown to the user: {@code Math.random()}, {@code new Random()}, {@code Random::new}
     * @param kind     clock or randomness
     * @param receiver the class's simple name when written unqualified (a notebook class of that
     *                 name overrules the match), "" when written qualified
     */
    public record Source(String call, Kind kind, String receiver) {
        /** {@code calls `Math.random()` (reads unseeded randomness)}. */
        public String describe() {
            return (call.contains("::") ? "uses `" : "calls `") + call + "` (" + kind.phrase() + ")";
        }
    }

    /**
     * A source reached by a snippet, directly ({@code via} empty) or through the notebook
     * declarations in {@code via}, in call order (each as {@code calls `noise()`} / {@code uses class `Dice`}).
     */
    public record Finding(List<String> via, Source source) {
        public Finding {
            via = List.copyOf(via);
        }

        /** {@code its initializer calls `noise()`, which calls `Math.random()` (reads unseeded randomness)}. */
        public String describe(String subject) {
            StringBuilder b = new StringBuilder(subject);
            String sep = " ";
            for (String step : via) {
                b.append(sep).append(step);
                sep = ", which ";
            }
            return b.append(sep).append(source.describe()).toString();
        }
    }

    /** The classes that have such calls, by simple name, with their package. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("Math", "java.lang"), Map.entry("StrictMath", "java.lang"), Map.entry("System", "java.lang"),
            Map.entry("UUID", "java.util"), Map.entry("Random", "java.util"),
            Map.entry("SplittableRandom", "java.util"), Map.entry("Date", "java.util"),
            Map.entry("Collections", "java.util"), Map.entry("SecureRandom", "java.security"),
            Map.entry("ThreadLocalRandom", "java.util.concurrent"),
            Map.entry("RandomGenerator", "java.util.random"), Map.entry("RandomGeneratorFactory", "java.util.random"),
            Map.entry("Clock", "java.time"), Map.entry("Instant", "java.time"), Map.entry("LocalDate", "java.time"),
            Map.entry("LocalDateTime", "java.time"), Map.entry("LocalTime", "java.time"),
            Map.entry("ZonedDateTime", "java.time"), Map.entry("OffsetDateTime", "java.time"),
            Map.entry("OffsetTime", "java.time"), Map.entry("Year", "java.time"), Map.entry("YearMonth", "java.time"),
            Map.entry("MonthDay", "java.time"), Map.entry("HijrahDate", "java.time.chrono"),
            Map.entry("JapaneseDate", "java.time.chrono"), Map.entry("MinguoDate", "java.time.chrono"),
            Map.entry("ThaiBuddhistDate", "java.time.chrono"));

    /** The java.time classes whose {@code now(..)} reads the clock. */
    private static final Set<String> TIME_CLASSES = Set.of("Instant", "LocalDate", "LocalDateTime", "LocalTime",
            "ZonedDateTime", "OffsetDateTime", "OffsetTime", "Year", "YearMonth", "MonthDay", "HijrahDate",
            "JapaneseDate", "MinguoDate", "ThaiBuddhistDate");

    /** {@code Class.method} (any arguments) → what it reads. */
    private static final Map<String, Kind> STATIC_CALLS = staticCalls();

    /** Constructors that read randomness or the clock whatever their arguments. */
    private static final Map<String, Kind> ANY_CONSTRUCTOR = Map.of("SecureRandom", Kind.RANDOM);
    /** Constructors that do so only without arguments ({@code new Random(42)} is seeded). */
    private static final Map<String, Kind> NO_ARG_CONSTRUCTOR = Map.of("Random", Kind.RANDOM,
            "SplittableRandom", Kind.RANDOM, "Date", Kind.CLOCK);

    private static Map<String, Kind> staticCalls() {
        Map<String, Kind> m = new java.util.HashMap<>();
        m.put("Math.random", Kind.RANDOM);
        m.put("StrictMath.random", Kind.RANDOM);
        m.put("UUID.randomUUID", Kind.RANDOM);
        m.put("ThreadLocalRandom.current", Kind.RANDOM);
        m.put("RandomGenerator.getDefault", Kind.RANDOM);
        m.put("RandomGenerator.of", Kind.RANDOM);
        m.put("System.nanoTime", Kind.CLOCK);
        m.put("System.currentTimeMillis", Kind.CLOCK);
        for (String c : List.of("systemUTC", "systemDefaultZone", "system", "tickMillis", "tickSeconds",
                "tickMinutes")) {
            m.put("Clock." + c, Kind.CLOCK);
        }
        // now(Clock) with a fixed clock is deterministic, but the type of the argument is unknown here
        TIME_CLASSES.forEach(c -> m.put(c + ".now", Kind.CLOCK));
        return Map.copyOf(m);
    }

    private Nondeterminism() {
    }

    /** The calls in {@code tree} that read the clock or unseeded randomness, in source order. */
    public static List<Source> find(Tree tree) {
        Scanner s = new Scanner();
        s.scan(tree, null);
        return List.copyOf(s.found);
    }

    /**
     * The JDK class {@code type} names as written ({@code Random}, {@code java.util.Random}), as its
     * simple name, or null when it is none of ours (another package, an expression).
     */
    private static String jdkClass(Tree type) {
        if (type instanceof ParameterizedTypeTree p) {
            type = p.getType();
        }
        String dotted = dotted(type);
        if (dotted == null) {
            return null;
        }
        int dot = dotted.lastIndexOf('.');
        String simple = dotted.substring(dot + 1);
        String pkg = PACKAGES.get(simple);
        if (pkg == null || (dot >= 0 && !dotted.substring(0, dot).equals(pkg))) {
            return null;
        }
        return simple;
    }

    private static boolean qualified(Tree type) {
        return type instanceof MemberSelectTree
                || (type instanceof ParameterizedTypeTree p && p.getType() instanceof MemberSelectTree);
    }

    /** {@code a.b.C} for a chain of identifiers, else null. */
    private static String dotted(Tree t) {
        if (t instanceof IdentifierTree id) {
            return id.getName().toString();
        }
        if (t instanceof MemberSelectTree s) {
            String left = dotted(s.getExpression());
            return left == null ? null : left + "." + s.getIdentifier();
        }
        return null;
    }

    private static final class Scanner extends TreeScanner<Void, Void> {
        final List<Source> found = new ArrayList<>();

        private void add(String call, Kind kind, Tree classTree, String simple) {
            found.add(new Source(call, kind, qualified(classTree) ? "" : simple));
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
            if (node.getMethodSelect() instanceof MemberSelectTree select) {
                String method = select.getIdentifier().toString();
                ExpressionTree on = select.getExpression();
                String cls = jdkClass(on);
                int args = node.getArguments().size();
                if (cls != null) {
                    Kind kind = STATIC_CALLS.get(cls + "." + method);
                    if (kind == null && cls.equals("Collections") && method.equals("shuffle") && args == 1) {
                        kind = Kind.RANDOM;
                    }
                    if (kind != null) {
                        add(cls + "." + method + "()", kind, on, cls);
                    }
                } else if (method.equals("create") && args == 0 && on instanceof MethodInvocationTree factory
                        && factory.getMethodSelect() instanceof MemberSelectTree fs
                        && "RandomGeneratorFactory".equals(jdkClass(fs.getExpression()))) {
                    add("RandomGeneratorFactory." + fs.getIdentifier() + "(..).create()", Kind.RANDOM,
                            fs.getExpression(), "RandomGeneratorFactory");
                }
            }
            return super.visitMethodInvocation(node, null);
        }

        @Override
        public Void visitNewClass(NewClassTree node, Void unused) {
            String cls = jdkClass(node.getIdentifier());
            if (cls != null) {
                Kind kind = ANY_CONSTRUCTOR.get(cls);
                if (kind == null && node.getArguments().isEmpty()) {
                    kind = NO_ARG_CONSTRUCTOR.get(cls);
                }
                if (kind != null) {
                    add("new " + cls + "()", kind, node.getIdentifier(), cls);
                }
            }
            return super.visitNewClass(node, null);
        }

        /** {@code Math::random}, {@code Random::new}: what they call is unknown, so any form counts. */
        @Override
        public Void visitMemberReference(MemberReferenceTree node, Void unused) {
            String cls = jdkClass(node.getQualifierExpression());
            if (cls != null) {
                boolean constructor = node.getMode() == MemberReferenceTree.ReferenceMode.NEW;
                String method = constructor ? "new" : node.getName().toString();
                Kind kind = constructor
                        ? ANY_CONSTRUCTOR.getOrDefault(cls, NO_ARG_CONSTRUCTOR.get(cls))
                        : STATIC_CALLS.getOrDefault(cls + "." + method,
                                cls.equals("Collections") && method.equals("shuffle") ? Kind.RANDOM : null);
                if (kind != null) {
                    add(cls + "::" + method, kind, node.getQualifierExpression(), cls);
                }
            }
            return super.visitMemberReference(node, null);
        }
    }
}
