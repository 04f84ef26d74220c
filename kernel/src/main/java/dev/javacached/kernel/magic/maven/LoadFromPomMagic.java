package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.magic.CellBodyMagic;
import dev.javacached.kernel.magic.MagicArgs;
import dev.javacached.kernel.magic.MagicCommand;
import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * IJava's {@code loadFromPOM}: the dependencies of a POM, resolved like {@code %maven} (one
 * resolution, all or nothing). As a line magic, {@code %loadFromPOM path/to/pom.xml [scopes...]};
 * as a cell magic, {@code %%loadFromPOM [scopes...]} with a POM or fragments of one below it.
 */
public final class LoadFromPomMagic {
    private static final String SCOPES = "Scopes taken: compile, runtime and import unless named"
            + " (e.g. test).";

    private final MavenResolver resolver;
    private final ClasspathLedger ledger;
    private final Path workingDirectory;

    public LoadFromPomMagic(MavenResolver resolver, ClasspathLedger ledger, Path workingDirectory) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** {@code %loadFromPOM path [scopes...]}. */
    public MagicCommand line() {
        return new MagicCommand() {
            @Override
            public String name() {
                return "loadFromPOM";
            }

            @Override
            public String help() {
                return "%loadFromPOM path/to/pom.xml [scope...]\n"
                        + "Adds the dependencies of a POM file to the classpath, as %maven would, with its"
                        + " <properties>, <dependencyManagement>, <repositories> and parent. " + SCOPES;
            }

            @Override
            public Optional<MagicResult.Failure> check(String args) {
                return MagicArgs.split(args).isEmpty()
                        ? Optional.of(new MagicResult.Failure("BadPom", "Usage: %loadFromPOM path/to/pom.xml [scope...]"))
                        : Optional.empty();
            }

            @Override
            public MagicResult run(String args, MagicContext ctx) {
                List<String> words = MagicArgs.split(args);
                if (words.isEmpty()) {
                    return check(args).orElseThrow();
                }
                Path pom = workingDirectory.resolve(words.get(0)).normalize();
                try {
                    MavenResolver.Request request = PomReader.fromFile(pom, scopes(words.subList(1, words.size())),
                            parents());
                    return MavenMagic.resolveAndCommit(resolver, ledger, request.requested(), request,
                            "%loadFromPOM " + words.get(0), ctx);
                } catch (ClasspathException e) {
                    return MagicResult.failure(e.kind().errorName(), e.getMessage());
                }
            }
        };
    }

    /** {@code %%loadFromPOM [scopes...]} and the POM below. */
    public CellBodyMagic cell() {
        return new CellBodyMagic() {
            @Override
            public String name() {
                return "loadFromPOM";
            }

            @Override
            public String help() {
                return "%%loadFromPOM [scope...]\n"
                        + "Adds the dependencies of the POM below (a whole <project>, or <dependency> and"
                        + " <repository> elements, their lists, <properties> and <dependencyManagement> as"
                        + " READMEs show them) to the classpath, as %maven would. " + SCOPES;
            }

            @Override
            public MagicResult run(String args, String body, MagicContext ctx) {
                try {
                    MavenResolver.Request request = PomReader.fromText(body, scopes(MagicArgs.split(args)),
                            parents());
                    return MavenMagic.resolveAndCommit(resolver, ledger, request.requested(), request,
                            "%%loadFromPOM", ctx);
                } catch (ClasspathException e) {
                    return MagicResult.failure(e.kind().errorName(), e.getMessage());
                }
            }
        };
    }

    private PomParents parents() {
        return new PomParents(resolver::resolvePom);
    }

    private static List<String> scopes(List<String> named) {
        return named.isEmpty() ? PomReader.DEFAULT_SCOPES
                : named.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
