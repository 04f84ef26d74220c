package dev.javacached.kernel.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar java-cached.jar keygen DIR}: a writer's key pair for the remote tier. */
class KeygenCommandTest {
    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Main.run(args, EchoEngine::new, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void keygen_writesAPairThatSignsAndVerifies_andNeverOverwrites() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path keys = dir.resolve("ci-key");
        assertEquals(0, run(out, err, "keygen", keys.toString()), err.toString());
        assertTrue(out.toString().contains("JAVA_CACHED_REMOTE_WRITE"), out.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))));
        var priv = dev.javacached.store.remote.WriterKeys.readPrivate(keys.resolve("private.pem"));
        var pub = dev.javacached.store.remote.WriterKeys.readPublic(keys.resolve("public.pem")).get(0);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(priv);
        s.update(new byte[]{1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(pub);
        s.update(new byte[]{1, 2, 3});
        assertTrue(s.verify(sig));

        byte[] before = Files.readAllBytes(keys.resolve("private.pem"));
        assertEquals(1, run(out, err, "keygen", keys.toString()));
        assertTrue(err.toString().contains("not overwriting"), err.toString());
        assertEquals(new String(before), Files.readString(keys.resolve("private.pem")));
        assertEquals(2, run(out, err, "keygen"));
    }
}
