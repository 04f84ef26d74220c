package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.magic.MagicArgs;
import dev.javacached.kernel.magic.MagicCommand;
import dev.javacached.kernel.magic.MagicContext;
import dev.javacached.kernel.magic.MagicResult;
import java.util.List;
import java.util.Objects;

/** {@code %mavenRepo ID URL}: adds a repository for later {@code %maven}; no arguments lists them. */
public final class MavenRepoMagic implements MagicCommand {
    private final MavenResolver resolver;

    public MavenRepoMagic(MavenResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public String name() {
        return "mavenRepo";
    }

    @Override
    public String help() {
        return "%mavenRepo ID URL\n"
                + "Adds a Maven repository (https:, http: or file: URL) searched by %maven after Maven"
                + " Central; without arguments lists the repositories.";
    }

    /** IJava's and JJava's name for it. */
    @Override
    public List<String> aliases() {
        return List.of("addMavenRepo");
    }

    /** A repository named between two %maven lines of a cell is searched by their one resolution. */
    @Override
    public boolean preparesJoinedLines() {
        return true;
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        List<String> words = MagicArgs.split(args);
        if (words.isEmpty()) {
            try {
                return MagicResult.okText(String.join("\n", resolver.repositories()));
            } catch (ClasspathException e) {
                return MagicResult.failure(e.kind().errorName(), e.getMessage());
            }
        }
        if (words.size() != 2) {
            return MagicResult.failure("BadRepository", "Usage: %mavenRepo ID URL");
        }
        try {
            resolver.addRepository(words.get(0), words.get(1));
        } catch (ClasspathException e) {
            return MagicResult.failure(e.kind().errorName(), e.getMessage());
        }
        return MagicResult.okText("Added repository " + words.get(0) + " (" + words.get(1) + ")");
    }
}
