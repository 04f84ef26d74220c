package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.display.MimeBundle;
import dev.javacached.kernel.engine.OutputSink;
import dev.javacached.kernel.magic.MagicArgs;
import dev.javacached.kernel.magic.MagicCommand;
import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code %maven group:artifact:version [more...]}: resolves the coordinates and their
 * runtime dependencies, verifies every jar, then adds the new ones to the classpath — all
 * or nothing. Progress and the final summary are one updating display.
 */
public final class MavenMagic implements MagicCommand {
    private static final long RELAY_INTERVAL_MS = 100;

    private final MavenResolver resolver;
    private final ClasspathLedger ledger;

    public MavenMagic(MavenResolver resolver, ClasspathLedger ledger) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String help() {
        return "%maven group:artifact:version [more...]\n"
                + "Adds Maven artifacts and their runtime dependencies to the classpath, from Maven"
                + " Central, repositories added with %mavenRepo and ~/.m2 (settings.xml is honoured)."
                + " All %maven lines of a cell are one resolution: as in Maven, a version you name beats"
                + " one that comes in transitively.";
    }

    /** IJava's and JJava's names for it. */
    @Override
    public List<String> aliases() {
        return List.of("addMavenDependencies", "addMavenDependency");
    }

    @Override
    public boolean joinsLinesOfCell() {
        return true;
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        List<String> coordinates = new ArrayList<>();
        for (String word : MagicArgs.split(args.replace(',', ' '))) {
            coordinates.add(word);
        }
        if (coordinates.isEmpty()) {
            return MagicResult.failure("MalformedCoordinate", "Usage: " + help());
        }
        return resolveAndCommit(resolver, ledger, coordinates, null, "%maven " + String.join(" ", coordinates), ctx);
    }

    /**
     * Resolves ({@code coordinates}, or {@code request} when not null) showing progress, then
     * adds the new jars to the classpath: what {@code %maven} and {@code %loadFromPOM} share.
     */
    static MagicResult resolveAndCommit(MavenResolver resolver, ClasspathLedger ledger, List<String> coordinates,
            MavenResolver.Request request, String addedBy, MagicContext ctx) {
        ProgressDisplay display = new ProgressDisplay(ctx.out());
        try {
            MavenResolver.Resolution resolution = resolveShowingProgress(resolver, ledger, coordinates, request,
                    display);
            List<ResolvedJar> added = ledger.commit(resolution.jars(), addedBy,
                    ctx.require(ClasspathTarget.class));
            int already = resolution.jars().size() - added.size();
            String summary = resolution.summary()
                    + (resolution.downloadedBytes() > 0
                            ? "; downloaded " + Human.bytes(resolution.downloadedBytes()) : "")
                    + (already > 0 ? "; " + already + " already on the classpath" : "");
            display.update(summary);
            return MagicResult.ok();
        } catch (ClasspathException e) {
            display.clearIfShown();
            return MagicResult.failure(e.kind().errorName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            display.clearIfShown();
            return MagicResult.interrupted(
                    "Interrupted while resolving " + String.join(", ", coordinates) + "; nothing was added");
        }
    }

    /**
     * Resolves on a helper thread while this (the cell's) thread relays the latest progress
     * line to the sink: the resolver reports from its download threads, the sink wants one
     * thread. An interrupt abandons the resolution before anything reaches the ledger.
     */
    private static MavenResolver.Resolution resolveShowingProgress(MavenResolver resolver, ClasspathLedger ledger,
            List<String> coordinates, MavenResolver.Request request, ProgressDisplay display)
            throws ClasspathException, InterruptedException {
        AtomicReference<String> latest = new AtomicReference<>();
        List<ResolvedJar> onClasspath = ledger.jars();
        FutureTask<MavenResolver.Resolution> task = new FutureTask<>(request == null
                ? () -> resolver.resolve(coordinates, onClasspath, latest::set)
                : () -> resolver.resolve(request, onClasspath, latest::set));
        Thread worker = new Thread(task, "maven-resolve");
        worker.setDaemon(true);
        worker.start();
        String shown = null;
        while (true) {
            try {
                MavenResolver.Resolution result = task.get(RELAY_INTERVAL_MS, TimeUnit.MILLISECONDS);
                return result;
            } catch (TimeoutException e) {
                String line = latest.get();
                if (line != null && !line.equals(shown)) {
                    display.update(line);
                    shown = line;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ClasspathException c) {
                    throw c;
                }
                throw new ClasspathException(ClasspathException.Kind.RESOLUTION_FAILED,
                        "Cannot resolve " + String.join(", ", coordinates) + ": " + e.getCause(), e.getCause());
            }
        }
    }

    /** One display, created by the first line and updated by the following ones. */
    static final class ProgressDisplay {
        private final OutputSink out;
        private final String displayId = "maven-" + UUID.randomUUID();
        private boolean shown;

        ProgressDisplay(OutputSink out) {
            this.out = out;
        }

        void update(String line) {
            out.display(MimeBundle.text(line), displayId, shown);
            shown = true;
        }

        void clearIfShown() {
            if (shown) {
                out.display(MimeBundle.text(""), displayId, true);
            }
        }
    }
}
