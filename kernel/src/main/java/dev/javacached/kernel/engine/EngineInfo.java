package dev.javacached.kernel.engine;

/** Facts about the language for kernel_info_reply. */
public record EngineInfo(String languageVersion, String banner) {
}
