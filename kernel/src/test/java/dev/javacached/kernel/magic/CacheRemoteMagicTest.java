package dev.javacached.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javacached.kernel.cache.CacheTally;
import dev.javacached.kernel.cache.CachingHook;
import dev.javacached.kernel.testkit.RecordingSink;
import dev.javacached.store.RocksCacheStore;
import dev.javacached.store.remote.RemoteConfig;
import dev.javacached.store.remote.RemoteTier;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code %cache remote}: what it says without a remote tier, and with one whose server is down. */
class CacheRemoteMagicTest {
    @TempDir
    Path dir;

    @Test
    void remote_withoutATier_saysHowToConfigureOne() throws Exception {
        try (HookSession s = new HookSession(dir)) {
            String text = s.text("remote");
            assertTrue(text.contains("No remote tier") && text.contains("JAVA_CACHED_REMOTE"), text);
            assertInstanceOf(MagicResult.Failure.class, s.cache("remote now"));
            assertTrue(s.text("help").contains("%cache remote"));
        }
    }

    @Test
    void remote_showsRoleStateAndWhy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();               // closed: nothing listens there
        }
        try (RemoteTier tier = RemoteTier.over(RocksCacheStore.open(dir), new RemoteConfig(
                URI.create("http://127.0.0.1:" + port + "/team/"), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMillis(500), "JAVA_CACHED_REMOTE"))) {
            CacheMagic magic = new CacheMagic(new CachingHook(tier), tier, new CacheTally());
            String before = ((MagicResult.Success) magic.run("remote", MagicContext.of(new RecordingSink()))).display().orElseThrow().plain();
            assertTrue(before.contains("http://127.0.0.1:" + port + "/team/ (from JAVA_CACHED_REMOTE)"), before);
            assertTrue(before.contains("reader (never uploads)"), before);
            assertTrue(before.contains("no trusted writer keys"), before);
            assertEquals(Optional.empty(), tier.takeWarning());
        }
    }
}
