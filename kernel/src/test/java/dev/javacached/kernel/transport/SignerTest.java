package dev.javacached.kernel.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignerTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final byte[][] FRAMES = {b("{\"a\":1}"), b("{}"), b("{}"), b("{\"code\":\"\uD83D\uDE00\"}")};
    /** From Python: hmac.new(b'secret-key', b''.join(FRAMES), hashlib.sha256).hexdigest() */
    static final String PYTHON_SIGNATURE = "47760bd09ee3811b206999b8eb58540e17c765b0c43e1cd0d9cb9b2d69e4e307";

    @Test
    void sign_matchesPythonHmac() {
        assertEquals(PYTHON_SIGNATURE, Signer.create("hmac-sha256", "secret-key").sign(FRAMES));
    }

    @Test
    void verify_acceptsRightRejectsWrongAndTruncatedSignatures() {
        Signer s = Signer.create("hmac-sha256", "secret-key");
        assertTrue(s.verify(b(PYTHON_SIGNATURE), FRAMES));
        assertFalse(s.verify(b(PYTHON_SIGNATURE.replace('4', '5')), FRAMES));
        assertFalse(s.verify(b(PYTHON_SIGNATURE.substring(0, 10)), FRAMES));
        assertFalse(s.verify(new byte[0], FRAMES));
        assertFalse(Signer.create("hmac-sha256", "other-key").verify(b(PYTHON_SIGNATURE), FRAMES));
    }

    @Test
    void emptyKey_disablesSigning() {
        Signer s = Signer.create("hmac-sha256", "");
        assertFalse(s.enabled());
        assertEquals("", s.sign(FRAMES));
        assertTrue(s.verify(new byte[0], FRAMES));
    }

    @Test
    void create_unsupportedScheme_throwsClearError() {
        UnsupportedSchemeException e = assertThrows(UnsupportedSchemeException.class,
                () -> Signer.create("hmac-sha512", "k"));
        assertTrue(e.getMessage().contains("hmac-sha512") && e.getMessage().contains("hmac-sha256"));
    }
}
