package dev.javacached.store.remote;

import java.util.List;

/**
 * What {@code %cache remote} shows: the configuration and how the remote tier has fared in this
 * session. Latencies are of entry lookups ({@code GET ac/...}), in milliseconds.
 */
public record RemoteStatus(String url, String source, boolean writer, int trustedKeys, String state,
                           long hits, long misses, long rejected, long uploads, long skipped,
                           long bytesDown, long bytesUp, double medianLookupMillis, double lastLookupMillis,
                           List<String> recentProblems) {
    public RemoteStatus {
        recentProblems = List.copyOf(recentProblems);
    }

    /** The lines {@code %cache remote} prints. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("remote tier: ").append(url).append(" (from ").append(source).append(")\n");
        b.append("role:        ").append(writer ? "writer (uploads what this kernel stores) and reader" : "reader (never uploads)")
                .append(", ").append(trustedKeys).append(" trusted writer key(s)\n");
        b.append("state:       ").append(state).append('\n');
        b.append("this session: ").append(hits).append(" hit(s), ").append(misses).append(" miss(es), ")
                .append(rejected).append(" rejected entr").append(rejected == 1 ? "y" : "ies").append(", ")
                .append(uploads).append(" upload(s), ").append(skipped).append(" skipped\n");
        b.append("bytes:       ").append(bytesDown).append(" down, ").append(bytesUp).append(" up\n");
        b.append(String.format(java.util.Locale.ROOT, "latency:     lookup median %.1f ms, last %.1f ms%n",
                medianLookupMillis, lastLookupMillis));
        for (String p : recentProblems) {
            b.append("  ").append(p).append('\n');
        }
        return b.toString();
    }
}
