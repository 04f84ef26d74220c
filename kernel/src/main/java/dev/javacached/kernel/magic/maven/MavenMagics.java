package dev.javacached.kernel.magic.maven;

import dev.javacached.kernel.magic.CellBodyMagic;
import dev.javacached.kernel.magic.MagicCommand;
import java.nio.file.Path;
import java.util.List;

/** Wiring: the classpath magics sharing one resolver and one ledger. */
public final class MavenMagics {
    private MavenMagics() {
    }

    /** {@code %maven}, {@code %mavenRepo}, {@code %jars}, {@code %classpath} and {@code %loadFromPOM}. */
    public static List<MagicCommand> create(MavenResolver resolver, ClasspathLedger ledger, Path workingDirectory) {
        return List.of(
                new MavenMagic(resolver, ledger),
                new MavenRepoMagic(resolver),
                new JarsMagic(ledger, workingDirectory),
                new ClasspathMagic(ledger, new JarsMagic(ledger, workingDirectory)),
                new LoadFromPomMagic(resolver, ledger, workingDirectory).line());
    }

    /** {@code %%loadFromPOM}: the cell magic whose body is a POM. */
    public static List<CellBodyMagic> cellMagics(MavenResolver resolver, ClasspathLedger ledger,
            Path workingDirectory) {
        return List.of(new LoadFromPomMagic(resolver, ledger, workingDirectory).cell());
    }
}
