package dev.javacached.kernel.cache;

import dev.javacached.kernel.cache.DeclarationTable.Decl;
import dev.javacached.kernel.engine.CellSnippet;
import dev.javacached.kernel.engine.LiveState;
import dev.javacached.kernel.engine.SnippetKind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The table of top-level declarations seen so far in the session and their fingerprints.
 *
 * <p>Methods and types are late-bound in JShell (a caller uses the helper's current
 * definition), so their <em>effective</em> fingerprint is computed from the current table:
 * hash(own source and imports, effective fingerprints of everything they refer to), with
 * cycles (mutual recursion) cut by a marker. Variables hold values computed at one moment,
 * so they carry a <em>state version</em> instead: their declaration's fingerprint, advanced
 * by every later snippet that may have changed the value (see {@link #record}).
 *
 * <p>This class is the one the rest of the cache calls; behind it, {@link DeclarationTable}
 * holds the methods, classes and imports, {@link VariableStates} the variables' versions and
 * alias groups, {@link Fingerprinter} computes the keys (and memoises effective fingerprints),
 * and {@link Reachability} follows declaration bodies to the variables and nondeterminism a
 * snippet reaches.
 *
 * <p>Not thread-safe: used on the engine thread only.
 */
public final class DependencyGraph {
    /** Bump when anything about how keys are computed changes: old entries then never match. */
    public static final String FORMAT_VERSION = "5"; // 5: only the imports that can matter (ImportRule), @Cached,
    //                                                  input files recorded and checked, statements cached

    private final int javaFeature;
    private final DeclarationTable table = new DeclarationTable();
    private final VariableStates vars = new VariableStates();
    private final Fingerprinter fingerprints;
    private final Reachability reach = new Reachability(table, vars);
    /** Mixed into every key after a snippet the cache could not analyse (deterministic). */
    private String salt = "";
    /** Counts changes to the table: what was computed from it at one generation holds until the next. */
    private long generation;

    public DependencyGraph() {
        this(Runtime.version().feature());
    }

    public DependencyGraph(int javaFeature) {
        this.javaFeature = javaFeature;
        this.fingerprints = new Fingerprinter(javaFeature, table, vars);
    }

    /** The fingerprint of {@code snippet} in the current state of the table (changes nothing). */
    public Fingerprint fingerprint(CellSnippet snippet, SnippetAnalysis analysis, ClasspathState classpath) {
        return fingerprints.snippet(snippet, analysis, classpath, salt);
    }

    /**
     * Updates the table after {@code snippet} ran or was restored ({@code ok}) or failed.
     * Must be called for every snippet in order, with the fingerprint computed before it ran.
     */
    public void record(CellSnippet snippet, SnippetAnalysis analysis, Fingerprint fp, boolean ok, LiveState state) {
        fingerprints.forget();
        generation++;
        SnippetKind kind = snippet.kind();
        switch (kind) {
            case IMPORT -> {
                if (ok) {
                    table.addImport(analysis.normalizedSource());
                }
                return;
            }
            case METHOD -> {
                if (ok) {
                    table.putMethod(new Decl("m:" + analysis.label(), snippet.name(), analysis.label(),
                            fingerprints.ownHash(analysis), analysis.references(), analysis.writes(),
                            analysis.nondeterministic()));
                }
                return;
            }
            case TYPE_DECLARATION -> {
                if (ok) {
                    table.putType(new Decl("t:" + snippet.name(), snippet.name(), snippet.name(),
                            fingerprints.ownHash(analysis), analysis.references(), analysis.writes(),
                            analysis.nondeterministic()));
                }
                return;
            }
            default -> {
            }
        }
        Set<String> written = new TreeSet<>();
        Set<String> mentioned = reach.mentionedVars(analysis, written);
        vars.record(kind, snippet.name(), mentioned, written, fp, ok, state);
    }

    /**
     * Mixes the content of the files a snippet read into the state versions of the variables it
     * set ({@code names}), so that what is computed from them later is keyed by those files too.
     * Called after {@link #record}, the same way whether the snippet ran or was restored.
     */
    public void mixInputs(java.util.Collection<String> names, String inputsDigest) {
        fingerprints.forget();
        vars.mixInputs(names, inputsDigest);
    }

    /** Every top-level variable the table knows (declared this session). */
    public Set<String> variables() {
        return vars.names();
    }

    /** The other variables holding the same mutable object as {@code name} (empty if none known). */
    public Set<String> aliasesOf(String name) {
        return vars.aliasesOf(name);
    }

    /**
     * Top-level variables other than the snippet's own that it may assign, directly or through
     * the methods and classes it uses ({@code counter++} in a helper): a side effect that
     * restoring the snippet instead of running it would skip.
     */
    public Set<String> sideEffectWrites(CellSnippet snippet, SnippetAnalysis analysis) {
        Set<String> written = new TreeSet<>();
        reach.mentionedVars(analysis, written);
        written.remove(snippet.name());
        return written;
    }

    /**
     * The top-level variables the snippet mentions, directly or through the methods and classes
     * it uses (transitively): the variables it may read, change, or take objects from.
     */
    public Set<String> mentionedVariables(SnippetAnalysis analysis) {
        return reach.mentionedVars(analysis, new TreeSet<>());
    }

    /** The subset of {@link #mentionedVariables} mentioned inside the bodies of methods and classes it uses. */
    public Set<String> mentionedThroughDeclarations(SnippetAnalysis analysis) {
        return reach.mentionedThroughDeclarations(analysis);
    }

    /**
     * The first read of the clock or of unseeded randomness in the snippet itself or, failing
     * that, in the notebook methods and classes it uses, transitively (breadth first, so the
     * shortest chain of declarations); empty if none. A match on a class's simple name does not
     * count when the notebook declares a class of that name: that class's own body decides.
     */
    public Optional<Nondeterminism.Finding> nondeterminism(SnippetAnalysis analysis) {
        return reach.nondeterminism(analysis);
    }

    /**
     * Mixes a snippet the cache could not analyse into every later key, so nothing computed
     * after it is restored from entries computed without it.
     */
    public void taint(String source) {
        salt = Hasher.of("taint", salt, source);
        fingerprints.forget();
        generation++;
    }

    /** Changes whenever the table changes (a snippet recorded, a taint): for callers that keep results. */
    public long generation() {
        return generation;
    }

    /** The salt mixed into every key (non-empty after a snippet the cache could not analyse). */
    String salt() {
        return salt;
    }

    /** The current state version of variable {@code name}. */
    public Optional<String> version(String name) {
        return vars.version(name);
    }

    /** Whether variable {@code name} was judged immutable (reads do not advance it). */
    public boolean isImmutable(String name) {
        return vars.isImmutable(name);
    }

    /**
     * What a memoized call needs to know about the top-level declaration {@code owner} (a method's
     * name, or the notebook class a method belongs to): its effective fingerprint, the top-level
     * variables it reaches through its body and what it calls, and its first read of the clock or
     * unseeded randomness. Empty when no such method or type is declared.
     */
    public Optional<MemoFacts> memoFacts(String owner) {
        Optional<String> fp = declarationFingerprint(owner);
        if (fp.isEmpty()) {
            return Optional.empty();
        }
        SnippetAnalysis uses = new SnippetAnalysis(List.of(), Set.of(owner), Set.of(), owner, true, List.of());
        Set<String> vars = reach.mentionedVars(uses, new TreeSet<>());
        return Optional.of(new MemoFacts(fp.get(), vars, nondeterminism(uses)));
    }

    /** See {@link #memoFacts}. */
    public record MemoFacts(String fingerprint, Set<String> variables, Optional<Nondeterminism.Finding> nondeterminism) {
        public MemoFacts {
            variables = Set.copyOf(variables);
        }
    }

    /** Whether the session has a single-type import of a type named {@code simpleName} (its own {@code Cached}, say). */
    public boolean importsSingle(String simpleName) {
        return table.importsSingle(simpleName);
    }

    /** How many overloads of top-level method {@code name} are declared. */
    public int overloadCount(String name) {
        return table.overloadCount(name);
    }

    /** The Java feature version keys are computed for. */
    public int javaFeature() {
        return javaFeature;
    }

    /** The effective fingerprint of the overloads of method {@code name}, or of type {@code name}. */
    public Optional<String> declarationFingerprint(String name) {
        if (!table.declares(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(fingerprints.dependencyHash(name));
    }
}
