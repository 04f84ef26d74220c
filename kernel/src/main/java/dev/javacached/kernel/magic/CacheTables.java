package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.Html;
import dev.javacached.kernel.display.MimeBundle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code %cache} shows what it reports: preformatted text, a two-column status table and
 * the entry table of {@code %cache list}, each as plain text and HTML; and the small wording
 * helpers its messages share.
 */
final class CacheTables {
    private CacheTables() {
    }

    static MimeBundle pre(String text) {
        return new MimeBundle(Map.of("text/plain", text, "text/html", "<pre>" + Html.escape(text) + "</pre>"),
                Map.of());
    }

    static MimeBundle keyValues(List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder("<table class=\"java-cached-status\">");
        for (String[] r : rows) {
            plain.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1]));
            html.append("<tr><th style=\"text-align:left\">").append(Html.escape(r[0])).append("</th><td style=\"text-align:left\">")
                    .append(Html.escape(r[1])).append("</td></tr>");
        }
        html.append("</table>");
        return new MimeBundle(Map.of("text/plain", plain.toString(), "text/html", html.toString()), Map.of());
    }

    static MimeBundle table(String[] header, List<String[]> rows, String footer) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder("<table class=\"java-cached-list\"><thead><tr>");
        appendRow(plain, header, w);
        for (String h : header) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (String[] r : rows) {
            appendRow(plain, r, w);
            html.append("<tr>");
            for (int i = 0; i < r.length; i++) {
                html.append(i == 0 || i == 1 || i == 8 ? "<td style=\"text-align:left\"><code>" : "<td>")
                        .append(Html.escape(r[i])).append(i == 0 || i == 1 || i == 8 ? "</code></td>" : "</td>");
            }
            html.append("</tr>");
        }
        plain.append(footer).append('\n');
        html.append("</tbody></table><div style=\"font-size:smaller\">").append(Html.escape(footer)).append("</div>");
        return new MimeBundle(Map.of("text/plain", plain.toString(), "text/html", html.toString()), Map.of());
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] w) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(String.format(Locale.ROOT, "%-" + w[i] + "s", cells[i])).append(i < cells.length - 1 ? "  " : "");
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
