package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.magic.MagicArgs;
import dev.javacached.kernel.magic.MagicCommand;
import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code %jars PATH_OR_GLOB...}: adds local jars to the classpath after checking each is a jar. */
public final class JarsMagic implements MagicCommand {
    private final ClasspathLedger ledger;
    private final Path workingDirectory;

    /** @param workingDirectory what relative paths and globs are resolved against */
    public JarsMagic(ClasspathLedger ledger, Path workingDirectory) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.workingDirectory = workingDirectory.toAbsolutePath();
    }

    @Override
    public String name() {
        return "jars";
    }

    @Override
    public String help() {
        return "%jars PATH_OR_GLOB...\n"
                + "Adds local jar files to the classpath; globs like lib/*.jar or libs/**.jar"
                + " are expanded, a folder stands for the jars in it (quote paths with spaces).";
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        List<String> words = MagicArgs.split(args);
        if (words.isEmpty()) {
            return MagicResult.failure("NotAJar", "Usage: %jars PATH_OR_GLOB...");
        }
        try {
            List<ResolvedJar> jars = new ArrayList<>();
            for (Path file : JarFiles.expand(words, workingDirectory)) {
                jars.add(JarFiles.verifyLocal(file));
            }
            List<ResolvedJar> added = ledger.commit(jars, "%jars " + String.join(" ", words),
                    ctx.require(ClasspathTarget.class));
            long bytes = added.stream().mapToLong(ResolvedJar::size).sum();
            String names = String.join(", ", added.stream().map(ResolvedJar::fileName).toList());
            int already = jars.size() - added.size();
            String text = (added.size() == 1 ? "Added 1 jar" : "Added " + added.size() + " jars")
                    + " (" + Human.bytes(bytes) + ")" + (added.isEmpty() ? "" : ": " + names)
                    + (already > 0 ? "; " + already + " already on the classpath" : "");
            return MagicResult.okText(text);
        } catch (ClasspathException e) {
            return MagicResult.failure(e.kind().errorName(), e.getMessage());
        }
    }
}
