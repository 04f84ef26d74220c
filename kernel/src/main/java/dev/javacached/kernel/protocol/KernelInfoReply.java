package dev.javacached.kernel.protocol;

import java.util.List;

/** kernel_info_reply content. */
public record KernelInfoReply(String status, String protocolVersion, String implementation,
                              String implementationVersion, LanguageInfo languageInfo, String banner,
                              List<HelpLink> helpLinks, boolean debugger) {

    /** language_info. */
    public record LanguageInfo(String name, String version, String mimetype, String fileExtension,
                               String pygmentsLexer, Object codemirrorMode, String nbconvertExporter) {
    }

    public record HelpLink(String text, String url) {
    }
}
