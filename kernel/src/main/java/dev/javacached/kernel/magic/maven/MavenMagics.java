package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.magic.MagicCommand;
import java.nio.file.Path;
import java.util.List;

/** Wiring: the four classpath magics sharing one resolver and one ledger. */
public final class MavenMagics {
    private MavenMagics() {
    }

    /** {@code %maven}, {@code %mavenRepo}, {@code %jars} and {@code %classpath}. */
    public static List<MagicCommand> create(MavenResolver resolver, ClasspathLedger ledger, Path workingDirectory) {
        return List.of(
                new MavenMagic(resolver, ledger),
                new MavenRepoMagic(resolver),
                new JarsMagic(ledger, workingDirectory),
                new ClasspathMagic(ledger));
    }
}
