/**
 * The kernel's log lines on its original stderr. Every package may use it; it imports nothing
 * of the kernel.
 */
package dev.javacached.kernel.log;
