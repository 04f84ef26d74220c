/**
 * Classpath magics: {@code %maven}, {@code %mavenRepo}, {@code %jars}, {@code %classpath}.
 *
 * <p>Belongs here: resolving and verifying jars and the ledger of what was added. Does not
 * belong here: adding a jar to JShell (the engine's {@code ClasspathTarget} does that) and the
 * fingerprints that use the ledger ({@code cache}).
 *
 * <p>Why it is built this way:
 * <ul>
 * <li>Resolution is Maven Resolver through MIMA's standalone-static runtime (no Sisu, no
 *     Guice), so settings.xml mirrors, proxies, credentials and the local repository work
 *     as in Maven, with no hand-written POM parsing or HTTP.
 * <li>Offline first: the local repository is tried alone before any network, so re-running
 *     a notebook after a restart needs no network and takes well under a second.
 * <li>All or nothing: every jar is resolved and verified (a non-empty zip, SHA-256 known)
 *     before the {@link dev.javacached.kernel.magic.maven.ClasspathLedger} records it and the
 *     engine's {@link dev.javacached.kernel.magic.maven.ClasspathTarget} receives it; if the
 *     engine refuses, the ledger is rolled back. JShell cannot unload a jar, so another
 *     version of a loaded artifact is a conflict, and loaded versions pin transitive ones.
 * <li>The ledger's fingerprint (sorted {@code coordinate:version sha256} lines, hashed) is
 *     what the cache logic mixes into every cell fingerprint: identical after a restart that
 *     re-adds the same jars, different after a version bump.
 * <li>An interrupted resolution is {@code MagicResult.interrupted}: the cell fails as
 *     interrupted (a typed cause), and nothing reaches the ledger.
 * </ul>
 *
 * <p>Not here: the dispatch of magic lines ({@code magic/}), the fingerprint itself
 * ({@code cache/ClasspathState}), JShell's class path ({@code engine/}, reached only through
 * {@code ClasspathTarget}).
 */
package dev.javacached.kernel.magic.maven;
