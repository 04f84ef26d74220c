package dev.javacached.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Input} over pieces, as a remote import decodes its segments where they lie: every value
 * the fast paths decode comes back exact however its bytes are cut, a piece is asked for only
 * once the one before it is no longer read (its buffer is reused at once, as the import's pool
 * does), and bytes that end early are a corrupt value.
 */
class InputPiecesTest {
    /** Pieces of {@code bytes} cut at the given lengths, each handed in a buffer that the next call overwrites. */
    private static final class Reused implements Input.Pieces {
        private final byte[] bytes;
        private final List<Integer> cuts;
        private final byte[] pool;
        private int at;
        private int piece;

        Reused(byte[] bytes, List<Integer> cuts) {
            this.bytes = bytes;
            this.cuts = cuts;
            this.pool = new byte[bytes.length + 8];
        }

        @Override
        public ByteBuffer next() {
            Arrays.fill(pool, (byte) 0x5A);     // the piece before this one is gone
            if (at >= bytes.length) {
                return null;
            }
            int n = Math.min(piece < cuts.size() ? cuts.get(piece) : bytes.length - at, bytes.length - at);
            piece++;
            int offset = 7;                     // a piece need not start at its buffer's start
            System.arraycopy(bytes, at, pool, offset, n);
            at += n;
            return ByteBuffer.wrap(pool, offset, n);
        }
    }

    private static Object decode(byte[] bytes, List<Integer> cuts) throws Exception {
        return ValueCodec.decodeFastPath(new Input(bytes.length, new Reused(bytes, cuts)));
    }

    private static List<Integer> randomCuts(Random r, int total) {
        List<Integer> cuts = new ArrayList<>();
        for (int sum = 0; sum < total; ) {
            int n = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(3);          // empty and one- or two-byte pieces
                case 1 -> 1 + r.nextInt(17);     // shorter than a primitive's joint
                case 2 -> 1 + r.nextInt(100);
                default -> 1 + r.nextInt(5000);
            };
            cuts.add(n);
            sum += n;
        }
        return cuts;
    }

    @Test
    void everyFastPathValue_comesBackExact_howeverItsBytesAreCut() throws Exception {
        Random r = new Random(42);
        double[] doubles = new double[3001];
        Arrays.setAll(doubles, i -> i % 7 == 0 ? Double.NaN : Math.sin(i) * i);
        doubles[5] = -0.0;
        long[] longs = new long[2003];
        Arrays.setAll(longs, i -> r.nextLong());
        int[] ints = new int[999];
        Arrays.setAll(ints, i -> r.nextInt());
        float[] floats = {1.5f, Float.NaN, -0.0f, 3e38f};
        short[] shorts = {1, -2, Short.MAX_VALUE};
        char[] chars = "tabular \u00e9\u4e2d\uD83D\uDE00".toCharArray();
        byte[] bytes = new byte[777];
        r.nextBytes(bytes);
        boolean[] booleans = {true, false, true};
        String utf8 = "naïve ".repeat(300);
        String lone = "a\uD83D\uDE00".substring(0, 2);
        for (Object v : new Object[] {doubles, longs, ints, floats, shorts, chars, bytes, booleans, utf8, lone, 42L, 2.5}) {
            byte[] encoded = ValueCodecTest.encode(v).data();
            for (int round = 0; round < 40; round++) {
                List<Integer> cuts = round == 0 ? List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
                        : randomCuts(r, encoded.length);
                Object back = decode(encoded, round == 1 ? List.of() : cuts);
                assertEquals(v.getClass(), back.getClass());
                if (v instanceof double[] d) {
                    assertArrayEquals(bits(d), bits((double[]) back), "cuts " + cuts);
                } else if (v instanceof float[] f) {
                    assertArrayEquals(f, (float[]) back);
                } else if (v.getClass().isArray()) {
                    assertEquals(Arrays.deepToString(new Object[] {v}), Arrays.deepToString(new Object[] {back}), "cuts " + cuts);
                } else {
                    assertEquals(v, back);
                }
            }
        }
    }

    private static long[] bits(double[] d) {
        long[] b = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = Double.doubleToRawLongBits(d[i]);
        }
        return b;
    }

    @Test
    void bytesThatEndEarly_areACorruptValue() throws Exception {
        double[] v = new double[100];
        Arrays.setAll(v, i -> i);
        byte[] encoded = ValueCodecTest.encode(v).data();
        for (int keep : new int[] {0, 3, 9, encoded.length / 2, encoded.length - 1}) {
            byte[] cut = Arrays.copyOf(encoded, keep);
            // the stream announces the whole length but its pieces stop short
            assertThrows(CorruptValueException.class,
                    () -> ValueCodec.decodeFastPath(new Input(encoded.length, new Reused(cut, List.of(5, 3, 17)))));
        }
    }
}
