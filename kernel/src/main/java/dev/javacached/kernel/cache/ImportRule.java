package dev.javacached.kernel.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which of the session's imports can change the meaning of a snippet, so that only those go
 * into its fingerprint (an unrelated import added near the top then recomputes nothing):
 * <ul>
 *   <li>a single-type import ({@code import java.util.List;}) when the snippet refers to its
 *       simple name ({@code List}): it shadows {@code java.lang} and every on-demand import, so
 *       adding or changing it can change what that name means, and nothing else;</li>
 *   <li>a single static import ({@code import static java.lang.Math.max;}) when the snippet
 *       refers to the member's name ({@code max});</li>
 *   <li>every on-demand import ({@code .*}, static or not) and anything this rule does not
 *       recognise ({@code import module ...}): it can supply any simple name the snippet does
 *       not otherwise resolve, or make one ambiguous, so it always counts.</li>
 * </ul>
 * A snippet's references are its free simple names ({@link SnippetAnalysis#references}); the
 * declarations it uses carry their own relevant imports in their fingerprints, so the rule
 * applies transitively. Imports come normalised ({@code import java . util . List}, no final
 * semicolon), as {@link SourceAnalyzer} makes them.
 */
final class ImportRule {
    private ImportRule() {
    }

    /** The imports of {@code all} (in its order) that can matter to a snippet referring to {@code references}. */
    static List<String> relevant(Collection<String> all, Set<String> references) {
        List<String> out = new ArrayList<>();
        for (String imp : all) {
            String name = singleName(imp);
            if (name == null || references.contains(name)) {
                out.add(imp);
            }
        }
        return out;
    }

    /**
     * The simple name a single-type or single static import brings in ({@code List},
     * {@code max}); null for an on-demand import or one this rule does not recognise.
     */
    static String singleName(String normalizedImport) {
        String[] t = normalizedImport.trim().split(" ");
        int i = 0;
        if (i < t.length && t[i].equals("import")) {
            i++;
        }
        if (i < t.length && t[i].equals("static")) {
            i++;
        }
        if (i < t.length && t[i].equals("module")) {
            return null;    // import module java.base: a whole module's packages, on demand
        }
        // the rest must be a qualified name, ident ( . ident )+; '*' anywhere makes it on-demand
        int start = i;
        if ((t.length - start) < 3 || (t.length - start) % 2 == 0) {
            return null;
        }
        for (; i < t.length; i++) {
            boolean even = (i - start) % 2 == 0;
            if (even ? !isIdentifier(t[i]) : !t[i].equals(".")) {
                return null;
            }
        }
        return t[t.length - 1];
    }

    private static boolean isIdentifier(String token) {
        if (token.isEmpty() || !Character.isJavaIdentifierStart(token.charAt(0)) ) {
            return false;
        }
        for (int i = 1; i < token.length(); i++) {
            if (!Character.isJavaIdentifierPart(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
