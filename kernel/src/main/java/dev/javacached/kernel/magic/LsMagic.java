package dev.javacached.kernel.magic;

import dev.javacached.kernel.display.Html;
import dev.javacached.kernel.display.Human;
import dev.javacached.kernel.display.MimeBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code %lsmagic}: every line and cell magic with one line on what it does. */
final class LsMagic implements MagicCommand {

    /** A magic as listed: its form ({@code %name} / {@code %%name}) and full help. */
    record Listed(String form, String help) {
    }

    private final java.util.function.Supplier<List<Listed>> magics;

    LsMagic(java.util.function.Supplier<List<Listed>> magics) {
        this.magics = magics;
    }

    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public String help() {
        return "%lsmagic\nLists every line and cell magic with a one-line description.";
    }

    @Override
    public Optional<MagicResult.Failure> check(String args) {
        return args.isBlank() ? Optional.empty()
                : Optional.of(new MagicResult.Failure(CacheMagic.ERROR, "%lsmagic takes no arguments"));
    }

    @Override
    public MagicResult run(String args, MagicContext ctx) {
        Optional<MagicResult.Failure> bad = check(args);
        if (bad.isPresent()) {
            return bad.get();
        }
        List<Listed> all = magics.get();
        List<Listed> line = new ArrayList<>();
        List<Listed> cell = new ArrayList<>();
        all.forEach(m -> (m.form().startsWith("%%") ? cell : line).add(m));
        int width = all.stream().mapToInt(m -> m.form().length()).max().orElse(0);
        StringBuilder plain = new StringBuilder("Line magics (a line starting with % between Java statements):\n");
        StringBuilder html = new StringBuilder("<table class=\"java-cached-lsmagic\">");
        section(plain, html, "Line magics", line, width);
        plain.append("Cell magics (the first line of a cell):\n");
        section(plain, html, "Cell magics (first line of a cell)", cell, width);
        plain.append("Add ? for a magic's help, e.g. %cache?\n");
        html.append("</table><div style=\"font-size:smaller\">Add <code>?</code> for a magic's help, e.g."
                + " <code>%cache?</code></div>");
        return MagicResult.ok(new MimeBundle(Map.of("text/plain", plain.toString(), "text/html", html.toString()),
                Map.of()));
    }

    private static void section(StringBuilder plain, StringBuilder html, String title, List<Listed> magics,
                                int width) {
        html.append("<tr><th colspan=\"2\" style=\"text-align:left\">").append(Html.escape(title)).append("</th></tr>");
        for (Listed m : magics) {
            String what = oneLine(m.help());
            plain.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", m.form(), what));
            html.append("<tr><td style=\"text-align:left\"><code>").append(Html.escape(m.form()))
                    .append("</code></td><td style=\"text-align:left\">").append(Html.escape(what)).append("</td></tr>");
        }
    }

    /** The first sentence of the description line (the line after the usage line). */
    static String oneLine(String help) {
        List<String> lines = help.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        String line = (lines.size() > 1 ? lines.get(1) : lines.get(0)).strip();
        int stop = line.indexOf(". ");
        line = stop > 0 ? line.substring(0, stop + 1) : line;
        int comma = line.indexOf(", which ");
        return comma > 0 ? line.substring(0, comma) + "." : line;
    }
}
