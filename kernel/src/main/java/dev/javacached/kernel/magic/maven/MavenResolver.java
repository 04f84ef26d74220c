package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.display.Human;
import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtimes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.aether.DefaultRepositoryCache;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

/**
 * Resolves Maven coordinates transitively to verified jars, with Maven Resolver through
 * MIMA: Maven Central plus repositories added with {@link #addRepository}, the user's
 * {@code ~/.m2/settings.xml} (mirrors, proxies, servers, local repository) and the local
 * repository.
 *
 * <p>Offline first: every resolution is tried against the local repository alone and goes
 * to the network only when something is missing, so re-running a {@code %maven} cell after
 * a restart needs no network. Requests for a SNAPSHOT or a version range go online
 * directly (they mean "the latest"); a SNAPSHOT reached only transitively is taken from the
 * local repository when present. The Maven context is created on first use, not at kernel
 * start. Thread-safe (one resolution at a time).
 */
public final class MavenResolver implements AutoCloseable {

    /**
     * @param localRepository overrides the local repository (else settings.xml, else
     *                        {@code ~/.m2/repository}); null for the default
     * @param userSettingsXml overrides {@code ~/.m2/settings.xml}; null for the default
     * @param mavenCentral    whether Maven Central (or its mirror) is searched
     * @param digestCache     a file remembering jar digests across restarts (see
     *                        {@link DigestCache}); null to hash every jar every time
     */
    public record Options(Path localRepository, Path userSettingsXml, boolean mavenCentral, Path digestCache) {
        public static Options defaults() {
            return new Options(null, null, true, null);
        }

        public Options withLocalRepository(Path path) {
            return new Options(path, userSettingsXml, mavenCentral, digestCache);
        }

        public Options withUserSettingsXml(Path path) {
            return new Options(localRepository, path, mavenCentral, digestCache);
        }

        public Options withoutMavenCentral() {
            return new Options(localRepository, userSettingsXml, false, digestCache);
        }

        public Options withDigestCache(Path file) {
            return new Options(localRepository, userSettingsXml, mavenCentral, file);
        }
    }

    /**
     * The outcome of one resolution.
     *
     * @param requested       the coordinates as the user wrote them
     * @param jars            every jar of the transitive closure, verified, in resolution order
     * @param downloadedBytes bytes fetched from remote repositories (0 when offline sufficed)
     * @param offline         true when the local repository alone had everything
     */
    public record Resolution(List<String> requested, List<ResolvedJar> jars, long downloadedBytes,
            boolean offline) {
        public Resolution {
            requested = List.copyOf(requested);
            jars = List.copyOf(jars);
        }

        public long totalBytes() {
            return jars.stream().mapToLong(ResolvedJar::size).sum();
        }

        /** {@code "Resolved 3 artifacts (1.2 MB) for org.x:y:1.0"}. */
        public String summary() {
            String n = jars.size() == 1 ? "1 artifact" : jars.size() + " artifacts";
            return "Resolved " + n + " (" + Human.bytes(totalBytes()) + ") for "
                    + String.join(", ", requested);
        }
    }

    private final Options options;
    private final DigestCache digests;
    private final Map<String, RemoteRepository> added = new LinkedHashMap<>();
    private Context context;

    public MavenResolver(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.digests = new DigestCache(options.digestCache());
    }

    /**
     * Adds (or, for a known id, replaces) a remote repository searched after Central.
     * Mirrors, proxies and credentials from settings.xml apply to it. A {@code file:} URL
     * must name an existing directory.
     */
    public synchronized void addRepository(String id, String url) throws ClasspathException {
        if (id.isBlank() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new ClasspathException(ClasspathException.Kind.BAD_REPOSITORY,
                    "Repository id '" + id + "' must be a single word");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new ClasspathException(ClasspathException.Kind.BAD_REPOSITORY,
                    "Repository " + id + ": malformed URL '" + url + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "http", "https" -> { }
            case "file" -> {
                Path dir;
                try {
                    dir = Path.of(uri);
                } catch (Exception e) {
                    throw new ClasspathException(ClasspathException.Kind.BAD_REPOSITORY,
                            "Repository " + id + ": malformed file URL '" + url + "'", e);
                }
                if (!Files.isDirectory(dir)) {
                    throw new ClasspathException(ClasspathException.Kind.UNREACHABLE,
                            "Repository " + id + ": directory " + dir + " does not exist");
                }
            }
            default -> throw new ClasspathException(ClasspathException.Kind.BAD_REPOSITORY,
                    "Repository " + id + ": URL '" + url + "' must start with https:, http: or file:");
        }
        added.put(id, repository(id, url));
    }

    /**
     * Fetches one POM ({@code group:artifact:pom:version}) for Maven's model builder: a parent
     * or an imported BOM. The local repository first, then the usual repositories and
     * {@code extra}.
     */
    public synchronized Path resolvePom(String groupId, String artifactId, String version,
            List<RemoteRepository> extra) throws ClasspathException {
        Context ctx = context();
        List<RemoteRepository> repositories = new ArrayList<>(remoteRepositories());
        if (!extra.isEmpty()) {
            repositories.addAll(ctx.repositorySystem().newResolutionRepositories(ctx.repositorySystemSession(), extra));
        }
        ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(groupId, artifactId, "", "pom", version),
                repositories, null);
        ProgressListener listener = new ProgressListener(line -> { });
        try {
            return ctx.repositorySystem().resolveArtifact(session(ctx, true, listener), request)
                    .getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException notLocal) {
            try {
                return ctx.repositorySystem().resolveArtifact(session(ctx, false, listener), request)
                        .getArtifact().getFile().toPath();
            } catch (ArtifactResolutionException e) {
                throw new ClasspathException(ClasspathException.Kind.NOT_FOUND, "Cannot fetch the POM "
                        + groupId + ":" + artifactId + ":" + version + ": " + e.getMessage(), e);
            }
        }
    }

    /** A remote repository as {@link #addRepository} checks it, for a {@link Request}; nothing is added. */
    static RemoteRepository repository(String id, String url) {
        return new RemoteRepository.Builder(id, "default", url).build();
    }

    /**
     * Reads settings.xml and sets up Maven Resolver now rather than on the first
     * resolution (a few hundred ms, mostly class loading). The kernel may call it on a
     * background thread at start.
     */
    public synchronized void prepare() throws ClasspathException {
        context();
    }

    /** The repositories searched, in order, as {@code id (url)}. */
    public synchronized List<String> repositories() throws ClasspathException {
        return remoteRepositories().stream()
                .map(r -> r.getId() + " (" + r.getUrl() + ")")
                .toList();
    }

    /** The local repository in use. */
    public synchronized Path localRepository() throws ClasspathException {
        return context().repositorySystemSession().getLocalRepository().getBasedir().toPath();
    }

    /**
     * Resolves {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version})
     * and their runtime dependencies. Jars in {@code onClasspath} pin their versions: a
     * transitive dependency already loaded keeps its version, and asking directly for
     * another version of one is a {@link ClasspathException.Kind#VERSION_CONFLICT}.
     * Nothing is added anywhere; the caller commits the result.
     */
    public synchronized Resolution resolve(List<String> coordinates, List<ResolvedJar> onClasspath,
            Progress progress) throws ClasspathException {
        if (coordinates.isEmpty()) {
            throw new ClasspathException(ClasspathException.Kind.MALFORMED_COORDINATE,
                    "No coordinates given; expected group:artifact:version");
        }
        List<Dependency> direct = new ArrayList<>();
        for (String c : coordinates) {
            direct.add(new Dependency(parse(c), JavaScopes.RUNTIME));
        }
        return resolve(new Request(coordinates, direct, List.of(), List.of()), onClasspath, progress);
    }

    /**
     * What one resolution asks for, as a POM would: direct dependencies (with their scopes and
     * exclusions), managed versions, and repositories searched besides the usual ones.
     *
     * @param requested    the direct dependencies as the user wrote them, for messages
     * @param dependencies the direct dependencies: nearest wins, so these beat transitive ones
     * @param managed      {@code <dependencyManagement>}: versions imposed on transitive ones
     * @param repositories searched after Central and those added with {@link #addRepository}
     */
    public record Request(List<String> requested, List<Dependency> dependencies, List<Dependency> managed,
                          List<RemoteRepository> repositories) {
        public Request {
            requested = List.copyOf(requested);
            dependencies = List.copyOf(dependencies);
            managed = List.copyOf(managed);
            repositories = List.copyOf(repositories);
        }
    }

    /** {@link #resolve(List, List, Progress)} for a {@link Request}. */
    public synchronized Resolution resolve(Request request, List<ResolvedJar> onClasspath, Progress progress)
            throws ClasspathException {
        List<String> coordinates = request.requested();
        if (request.dependencies().isEmpty()) {
            throw new ClasspathException(ClasspathException.Kind.MALFORMED_COORDINATE,
                    "No dependencies given; expected group:artifact:version");
        }
        List<Artifact> artifacts = request.dependencies().stream().map(Dependency::getArtifact).toList();
        Map<String, ResolvedJar> loaded = new LinkedHashMap<>();
        for (ResolvedJar jar : onClasspath) {
            if (!jar.local()) {
                loaded.put(jar.coordinate(), jar);
            }
        }
        for (Artifact a : artifacts) {
            ResolvedJar present = loaded.get(keyOf(a));
            if (present != null && !present.version().equals(a.getVersion()) && !isRange(a.getVersion())) {
                throw ClasspathLedger.conflict(keyOf(a) + ":" + a.getVersion(), present);
            }
        }
        String what = String.join(", ", coordinates);
        CollectRequest collect = new CollectRequest();
        for (Dependency d : request.dependencies()) {
            collect.addDependency(d);
        }
        for (ResolvedJar jar : loaded.values()) {
            collect.addManagedDependency(new Dependency(toArtifact(jar), JavaScopes.RUNTIME));
        }
        for (Dependency d : request.managed()) {
            if (!loaded.containsKey(keyOf(d.getArtifact()))) {
                collect.addManagedDependency(d);
            }
        }
        List<RemoteRepository> repositories = new ArrayList<>(remoteRepositories());
        if (!request.repositories().isEmpty()) {
            Context c = context();
            repositories.addAll(c.repositorySystem().newResolutionRepositories(c.repositorySystemSession(),
                    request.repositories()));
        }
        collect.setRepositories(repositories);
        DependencyRequest dependencyRequest = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));

        Context ctx = context();
        ProgressListener listener = new ProgressListener(progress);
        // A SNAPSHOT or a range asks for "the latest": that needs the remote metadata.
        boolean latestWanted = artifacts.stream().anyMatch(a -> a.isSnapshot() || isRange(a.getVersion()));
        DependencyResult result;
        boolean offline;
        try {
            result = latestWanted ? null : resolveOffline(ctx, dependencyRequest, listener);
            offline = result != null;
            if (result == null) {
                progress.update("Resolving " + what + " ...");
                result = ctx.repositorySystem().resolveDependencies(session(ctx, false, listener), dependencyRequest);
            }
        } catch (DependencyResolutionException e) {
            throw classify(coordinates, e, ctx);
        } catch (RuntimeException e) {
            throw new ClasspathException(ClasspathException.Kind.RESOLUTION_FAILED,
                    "Cannot resolve " + what + ": " + e, e);
        }

        List<ResolvedJar> jars = new ArrayList<>();
        for (ArtifactResult r : result.getArtifactResults()) {
            Artifact a = r.getArtifact();
            if (a == null || a.getFile() == null || !"jar".equals(a.getExtension())) {
                continue;
            }
            ResolvedJar jar = JarFiles.verify(keyOf(a), a.getVersion(), a.getFile().toPath(),
                    a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion(), digests);
            ResolvedJar present = loaded.get(jar.coordinate());
            if (present != null && !present.version().equals(jar.version())) {
                throw ClasspathLedger.conflict(jar, present);
            }
            jars.add(jar);
        }
        digests.flush();
        return new Resolution(coordinates, jars, listener.downloadedBytes(), offline);
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    private Context context() throws ClasspathException {
        if (context == null) {
            ContextOverrides.Builder b = ContextOverrides.create().withUserSettings(true);
            if (options.localRepository() != null) {
                b.withLocalRepositoryOverride(options.localRepository().toAbsolutePath());
            }
            if (options.userSettingsXml() != null) {
                b.withUserSettingsXmlOverride(options.userSettingsXml().toAbsolutePath());
            }
            if (!options.mavenCentral()) {
                b.repositories(List.of()).addRepositoriesOp(ContextOverrides.AddRepositoriesOp.REPLACE);
            }
            try {
                context = Runtimes.INSTANCE.getRuntime().create(b.build());
            } catch (RuntimeException e) {
                throw new ClasspathException(ClasspathException.Kind.RESOLUTION_FAILED,
                        "Cannot set up Maven resolution (check " + (options.userSettingsXml() != null
                                ? options.userSettingsXml() : "~/.m2/settings.xml") + "): " + e.getMessage(), e);
            }
        }
        return context;
    }

    private List<RemoteRepository> remoteRepositories() throws ClasspathException {
        Context ctx = context();
        List<RemoteRepository> repos = new ArrayList<>(ctx.remoteRepositories());
        if (!added.isEmpty()) {
            // Applies settings.xml mirrors, proxies and credentials to the user's repositories.
            repos.addAll(ctx.repositorySystem().newResolutionRepositories(
                    ctx.repositorySystemSession(), new ArrayList<>(added.values())));
        }
        return repos;
    }

    /** The resolution from the local repository alone, or null when something is missing there. */
    private static DependencyResult resolveOffline(Context ctx, DependencyRequest request, ProgressListener listener) {
        try {
            return ctx.repositorySystem().resolveDependencies(session(ctx, true, listener), request);
        } catch (DependencyResolutionException missingLocally) {
            return null;
        }
    }

    private static RepositorySystemSession session(Context ctx, boolean offline, ProgressListener listener) {
        DefaultRepositorySystemSession s = new DefaultRepositorySystemSession(ctx.repositorySystemSession());
        s.setOffline(offline);
        s.setTransferListener(listener);
        // Each pass starts clean: the shared cache would keep "no POM" from the offline pass.
        s.setCache(new DefaultRepositoryCache());
        if (offline) {
            // A jar in the local repository without its POM must not resolve as dependency-free.
            s.setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(false, false));
        }
        // A kernel user fixes a typo or publishes the artifact and re-runs: never cache misses.
        s.setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(false, false));
        return s;
    }

    static Artifact parse(String coordinate) throws ClasspathException {
        String[] parts = coordinate.split(":", -1);
        boolean blankPart = false;
        for (String p : parts) {
            blankPart |= p.isBlank() || p.chars().anyMatch(Character::isWhitespace);
        }
        if (parts.length < 3 || parts.length > 5 || blankPart) {
            throw malformed(coordinate);
        }
        try {
            return new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw malformed(coordinate);
        }
    }

    private static ClasspathException malformed(String coordinate) {
        return new ClasspathException(ClasspathException.Kind.MALFORMED_COORDINATE,
                "Malformed coordinate '" + coordinate + "': expected group:artifact:version"
                        + " (or group:artifact:extension[:classifier]:version)");
    }

    private static boolean isRange(String version) {
        return version.startsWith("[") || version.startsWith("(");
    }

    /** {@code g:a} for a plain jar, else {@code g:a:extension[:classifier]}. */
    static String keyOf(Artifact a) {
        String key = a.getGroupId() + ":" + a.getArtifactId();
        if (!"jar".equals(a.getExtension()) || !a.getClassifier().isEmpty()) {
            key += ":" + a.getExtension();
            if (!a.getClassifier().isEmpty()) {
                key += ":" + a.getClassifier();
            }
        }
        return key;
    }

    private static Artifact toArtifact(ResolvedJar jar) {
        String[] p = jar.coordinate().split(":");
        String extension = p.length > 2 ? p[2] : "jar";
        String classifier = p.length > 3 ? p[3] : "";
        return new DefaultArtifact(p[0], p[1], classifier, extension, jar.version());
    }

    /** Names the coordinate and the first cause a user can act on. */
    private static ClasspathException classify(List<String> requested, DependencyResolutionException e,
            Context ctx) {
        Set<String> resolved = new java.util.HashSet<>();
        if (e.getResult() != null) {
            for (ArtifactResult r : e.getResult().getArtifactResults()) {
                if (r.isResolved()) {
                    resolved.add(r.getArtifact().toString());
                }
            }
        }
        // Misses in the repositories tried before the one that had the artifact are no error.
        List<Throwable> all = causes(e).stream()
                .filter(t -> !(t instanceof ArtifactTransferException a) || a.getArtifact() == null
                        || !resolved.contains(a.getArtifact().toString()))
                .toList();
        Optional<Throwable> transfer = all.stream()
                .filter(t -> t instanceof ArtifactTransferException && !(t instanceof ArtifactNotFoundException))
                .findFirst();
        if (transfer.isPresent()) {
            return new ClasspathException(ClasspathException.Kind.UNREACHABLE,
                    "Cannot resolve " + subject(requested, transfer.get()) + ": " + transfer.get().getMessage()
                            + " (and it is not in the local repository "
                            + ctx.repositorySystemSession().getLocalRepository().getBasedir() + ")", e);
        }
        List<ArtifactNotFoundException> notFound = all.stream()
                .filter(t -> t instanceof ArtifactNotFoundException)
                .map(ArtifactNotFoundException.class::cast)
                .toList();
        if (!notFound.isEmpty()) {
            Artifact missing = notFound.get(0).getArtifact();
            List<String> searched = notFound.stream()
                    .filter(n -> missing == null || missing.equals(n.getArtifact()))
                    .map(n -> n.getRepository() == null ? "?"
                            : n.getRepository().getId() + " (" + n.getRepository().getUrl() + ")")
                    .distinct()
                    .toList();
            String file = missing == null ? "it" : missing.getArtifactId() + "-" + missing.getVersion()
                    + (missing.getClassifier().isEmpty() ? "" : "-" + missing.getClassifier())
                    + "." + missing.getExtension();
            return new ClasspathException(ClasspathException.Kind.NOT_FOUND,
                    "Cannot resolve " + subject(requested, notFound.get(0)) + ": " + file
                            + " not found in " + String.join(", ", searched), e);
        }
        Throwable deepest = all.get(all.size() - 1);
        return new ClasspathException(ClasspathException.Kind.RESOLUTION_FAILED,
                "Cannot resolve " + String.join(", ", requested) + ": " + deepest.getMessage(), e);
    }

    /** The failing artifact as group:artifact:version, saying which request needed it if transitive. */
    private static String subject(List<String> requested, Throwable transferError) {
        Artifact a = ((ArtifactTransferException) transferError).getArtifact();
        if (a == null) {
            return String.join(", ", requested);
        }
        String gav = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion();
        for (String r : requested) {
            if (r.startsWith(a.getGroupId() + ":" + a.getArtifactId() + ":")) {
                return r;
            }
        }
        return gav + " (a dependency of " + String.join(", ", requested) + ")";
    }

    /** The exception, its causes and suppressed ones, and those the resolver keeps in results. */
    private static List<Throwable> causes(Throwable root) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
            if (t instanceof DependencyResolutionException d && d.getResult() != null) {
                if (d.getResult().getCollectExceptions() != null) {
                    todo.addAll(d.getResult().getCollectExceptions());
                }
                for (ArtifactResult r : d.getResult().getArtifactResults()) {
                    if (!r.isResolved()) { // a resolved one keeps misses from the repositories tried first
                        todo.addAll(r.getExceptions());
                    }
                }
            } else if (t instanceof DependencyCollectionException d && d.getResult() != null) {
                todo.addAll(d.getResult().getExceptions());
            } else if (t instanceof ArtifactResolutionException a && a.getResults() != null) {
                for (ArtifactResult r : a.getResults()) {
                    if (!r.isResolved()) {
                        todo.addAll(r.getExceptions());
                    }
                }
            } else if (t instanceof ArtifactDescriptorException a && a.getResult() != null) {
                todo.addAll(a.getResult().getExceptions());
            }
        }
        return out;
    }
}
