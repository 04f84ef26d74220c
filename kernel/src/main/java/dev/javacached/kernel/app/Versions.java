package dev.javacached.kernel.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kernel's version, from a resource Maven filters at build time. */
final class Versions {
    private static volatile String kernel;

    private Versions() {
    }

    static String kernel() {
        String v = kernel;
        if (v == null) {
            v = "unknown";
            try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String value = p.getProperty("version", "");
                    if (!value.isBlank() && !value.startsWith("${")) {
                        v = value;
                    }
                }
            } catch (IOException e) {
                // keep "unknown"
            }
            if ("unknown".equals(v) && Versions.class.getPackage().getImplementationVersion() != null) {
                v = Versions.class.getPackage().getImplementationVersion();
            }
            kernel = v;
        }
        return v;
    }
}
