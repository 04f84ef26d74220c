package dev.javacached.kernel.magic;

import dev.javacached.kernel.magic.CellParser.MagicLine;
import dev.javacached.kernel.magic.CellParser.Segment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the lines of a magic that joins its lines ({@link MagicCommand#joinsLinesOfCell()},
 * {@code %maven}) one, where its first line is, so it runs once with all their arguments; the
 * lines that prepare it ({@link MagicCommand#preparesJoinedLines()}, {@code %mavenRepo})
 * between them move up before it.
 */
final class JoinedMagicLines {

    private JoinedMagicLines() {
    }

    /**
     * The cell's segments with the lines of each {@link MagicCommand#joinsLinesOfCell()} magic
     * made one: its first line carries the arguments of all of them, the others are dropped.
     */
    static List<Segment> join(MagicRegistry registry, List<Segment> segments) {
        Map<MagicCommand, List<MagicLine>> groups = new LinkedHashMap<>();
        for (Segment s : segments) {
            if (s instanceof MagicLine m && !m.cell() && registry.helpRequest(m).isEmpty()) {
                MagicCommand c = registry.command(m.name());
                if (c != null && c.joinsLinesOfCell()) {
                    groups.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
                }
            }
        }
        if (groups.values().stream().allMatch(g -> g.size() < 2)) {
            return segments;
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            List<MagicLine> group = s instanceof MagicLine m ? groups.get(registry.command(m.name())) : null;
            if (group != null && group.size() > 1 && group.get(0) == s) {
                out.addAll(preparing(registry, segments, group));
            }
            if (s instanceof MagicLine m && !m.cell() && isPreparing(registry, m) && out.contains(s)) {
                continue; // moved up
            }
            if (group == null || group.size() < 2 || ((MagicLine) s).cell()) {
                out.add(s);
            } else if (group.get(0) == s) {
                MagicLine first = (MagicLine) s;
                String args = String.join("\n", group.stream().map(MagicLine::args).toList());
                out.add(new MagicLine(false, first.name(), args, first.lineStart(), first.start(), first.nameStart(),
                        first.end(), first.line()));
            }
        }
        return out;
    }

    /** The {@link MagicCommand#preparesJoinedLines()} lines between the first and last line of {@code group}. */
    private static List<Segment> preparing(MagicRegistry registry, List<Segment> segments, List<MagicLine> group) {
        int from = segments.indexOf(group.get(0));
        int to = segments.indexOf(group.get(group.size() - 1));
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments.subList(from, to)) {
            if (s instanceof MagicLine m && !m.cell() && isPreparing(registry, m)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean isPreparing(MagicRegistry registry, MagicLine m) {
        MagicCommand c = registry.command(m.name());
        return c != null && c.preparesJoinedLines() && registry.helpRequest(m).isEmpty();
    }
}
