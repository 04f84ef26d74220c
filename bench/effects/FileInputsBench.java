package dev.javacached.kernel.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of observing input files (issue 13, part 3), in-process, with the kernel's own
 * FileAccess and FileInputs. Compiled into the kernel's package and run on its classes
 * (bench/effects/file_inputs.sh does both, on JDK 17 and 25):
 *
 * <pre>
 *   java -cp OUT:kernel/target/classes dev.javacached.kernel.cache.FileInputsBench [norecording]
 * </pre>
 *
 * For a snippet that reads nothing and one that reads 1,000 small files (100 B each): the
 * snippet's own time, the observation after it (snapshot + parse of the JFR events:
 * {@code FileAccess.observe}), identifying the files read (stat + SHA-256:
 * {@code FileInputs.of}) and the check before a restore ({@code FileInputs.firstChange}).
 * With "norecording" it only times the reads, in a JVM without the recording (the baseline).
 * Medians of 15 rounds after 5 warm-up rounds. Prints one Markdown table row per line.
 */
public final class FileInputsBench {
    public static void main(String[] args) throws Exception {
        boolean record = !(args.length > 0 && args[0].equals("norecording"));
        Path dir = Files.createTempDirectory("file-inputs-bench");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Path p = dir.resolve("f" + i + ".txt");
            Files.writeString(p, ("line " + i + " ").repeat(20).substring(0, 100));
            files.add(p);
        }
        FileAccess access = record ? FileAccess.shared() : null;
        if (record) {
            access.begin();     // waits for the recording to start
        }
        String jdk = "JDK " + Runtime.version().feature();
        for (int n : new int[] {0, 1000}) {
            int rounds = 20;
            double[] read = new double[rounds];
            double[] observe = new double[rounds];
            double[] identify = new double[rounds];
            double[] check = new double[rounds];
            int seen = -1;
            for (int r = 0; r < rounds; r++) {
                FileAccess.Window w = record ? access.begin() : null;
                long t0 = System.nanoTime();
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += Files.readString(files.get(i)).length();
                }
                if (sum < 0) {
                    throw new AssertionError();
                }
                long t1 = System.nanoTime();
                read[r] = (t1 - t0) / 1e6;
                if (!record) {
                    continue;
                }
                FileAccess.Observed o = access.observe(w);
                long t2 = System.nanoTime();
                if (!(o instanceof FileAccess.Observed.Known k)) {
                    throw new IllegalStateException(o.toString());
                }
                FileInputs inputs = FileInputs.of(k.reads());
                long t3 = System.nanoTime();
                if (inputs.firstChange().isPresent()) {
                    throw new IllegalStateException("changed?");
                }
                long t4 = System.nanoTime();
                observe[r] = (t2 - t1) / 1e6;
                identify[r] = (t3 - t2) / 1e6;
                check[r] = (t4 - t3) / 1e6;
                seen = k.reads().size();
            }
            String what = n == 0 ? "reads nothing" : "reads 1,000 files";
            if (record) {
                System.out.printf("| %s | %s | %.2f ms | %.3f ms | %.2f ms | %.2f ms | %d |%n", jdk, what,
                        median(read), median(observe), median(identify), median(check), seen);
            } else {
                System.out.printf("| %s, no recording | %s | %.2f ms | | | | |%n", jdk, what, median(read));
            }
        }
    }

    private static double median(double[] xs) {
        double[] tail = Arrays.copyOfRange(xs, 5, xs.length);
        Arrays.sort(tail);
        return tail[tail.length / 2];
    }
}
