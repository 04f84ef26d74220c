package dev.javacached.kernel.magic.maven;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A ClasspathTarget that keeps the jars in a class loader, like JShell would, or refuses them. */
final class RecordingTarget implements ClasspathTarget {
    final List<Path> added = new ArrayList<>();
    RuntimeException failWith;

    @Override
    public void addToClasspath(List<Path> jars) {
        if (failWith != null) {
            throw failWith;
        }
        added.addAll(jars);
    }

    /** Calls static {@code hello()} on {@code className} loaded from the added jars. */
    String callHello(String className) throws Exception {
        URL[] urls = new URL[added.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = added.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            return (String) loader.loadClass(className).getMethod("hello").invoke(null);
        }
    }
}
