package dev.javacached.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmCompilerOptionsTest {
    @Test
    void of_passesModuleOptionsOnAndDropsTheRest() {
        assertEquals(List.of("--add-modules=jdk.incubator.vector", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                        "--add-reads=java.base=ALL-UNNAMED", "--limit-modules=java.se,jdk.jshell", "--module-path=/m"),
                JvmCompilerOptions.of(List.of("-XX:+UseSerialGC", "-Xms32m", "--add-modules=jdk.incubator.vector",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                        "-Dx=--add-modules=y", "--add-reads=java.base=ALL-UNNAMED", "--limit-modules=java.se,jdk.jshell",
                        "--module-path=/m", "--enable-native-access=ALL-UNNAMED"), 17));
    }

    @Test
    void of_enablePreview_compilesForThisRelease() {
        assertEquals(List.of("--enable-preview", "--source", "25"),
                JvmCompilerOptions.of(List.of("--enable-preview", "--enable-preview"), 25));
    }

    @Test
    void of_plainJvm_addsNothing() {
        assertEquals(List.of(), JvmCompilerOptions.of(List.of("-Xmx1g", "-Djava.cached.api=/a"), 17));
    }
}
