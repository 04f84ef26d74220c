package dev.javacached.kernel.app;

import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.magic.maven.ClasspathException;
import dev.javacached.kernel.magic.maven.MavenResolver;
import dev.javacached.kernel.magic.maven.ResolvedJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A debugging and benchmarking entry point, runnable from the shaded jar:
 * {@code java -cp java-cached.jar dev.javacached.kernel.app.ResolveCli
 * [--local-repo DIR] [--repo ID=URL] [--no-central] [--digest-cache FILE] COORDINATE...}.
 * Prints progress to stderr, the jars and timings to stdout; exit status 1 on failure.
 */
public final class ResolveCli {
    private ResolveCli() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        MavenResolver.Options options = MavenResolver.Options.defaults();
        List<String[]> repos = new ArrayList<>();
        List<String> coordinates = new ArrayList<>();
        CommandLine cl = new CommandLine(args);
        try {
            while (cl.hasNext()) {
                switch (cl.next()) {
                    case "--local-repo" -> options = options.withLocalRepository(Path.of(cl.value("a directory")));
                    case "--no-central" -> options = options.withoutMavenCentral();
                    case "--digest-cache" -> options = options.withDigestCache(Path.of(cl.value("a file")));
                    case "--repo" -> repos.add(cl.value("ID=URL").split("=", 2));
                    default -> coordinates.add(cl.word());
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ResolveCli: " + e.getMessage());
            System.exit(2);
        }
        try (MavenResolver resolver = new MavenResolver(options)) {
            for (String[] repo : repos) {
                resolver.addRepository(repo[0], repo[1]);
            }
            long contextStart = System.nanoTime();
            resolver.prepare();
            long resolveStart = System.nanoTime();
            MavenResolver.Resolution r = resolver.resolve(coordinates, List.of(),
                    line -> System.err.println("  " + line));
            long end = System.nanoTime();
            for (ResolvedJar jar : r.jars()) {
                System.out.println(jar.id() + "  " + Human.bytes(jar.size()) + "  " + jar.sha256() + "  " + jar.path());
            }
            System.out.println(r.summary() + (r.offline() ? " [local repository only]" : " [network]"));
            System.out.printf("resolve %d ms (context %d ms + resolution %d ms), since main %d ms%n",
                    (end - contextStart) / 1_000_000, (resolveStart - contextStart) / 1_000_000,
                    (end - resolveStart) / 1_000_000, (end - start) / 1_000_000);
        } catch (ClasspathException e) {
            System.err.println(e.kind().errorName() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
