package dev.javacached.kernel.engine;

import dev.javacached.kernel.display.MimeBundle;

/**
 * Where a running cell's output goes. The kernel implements it by publishing IOPub
 * messages; tests implement it by recording. The JShell engine calls stdout, stderr and
 * display on its own output thread, one call at a time, while the writing cell waits;
 * readLine on the thread that reads {@code System.in}. A sink must not write to
 * {@code System.out}/{@code System.err} (the engine routes them to the sink; a cell writing
 * there holds their lock): log to a stream captured before the engine was created.
 */
public interface OutputSink {
    /** Text the cell wrote to {@code System.out}, in order, in bounded chunks. */
    void stdout(String text);

    /** Text the cell wrote to {@code System.err}. */
    void stderr(String text);

    /**
     * A rich display. {@code displayId} may be null; {@code update} true means
     * update_display_data for an earlier display with that id.
     */
    void display(MimeBundle bundle, String displayId, boolean update);

    /** The cell asked to clear its output so far (clear_output); {@code wait}: until new output. */
    default void clearOutput(boolean wait) {
    }

    /**
     * The cell reads {@code System.in}: ask the client for a line (input_request).
     * Returns the line typed, without its newline; throws {@link InputNotAllowedException}
     * when the client did not allow stdin.
     */
    String readLine(String prompt, boolean password) throws InputNotAllowedException;

    final class InputNotAllowedException extends Exception {
        public InputNotAllowedException(String message) {
            super(message);
        }
    }

    /** A sink that drops all output and refuses input with {@code why} (for user_expressions). */
    static OutputSink discarding(String why) {
        return new OutputSink() {
            @Override
            public void stdout(String text) {
            }

            @Override
            public void stderr(String text) {
            }

            @Override
            public void display(MimeBundle bundle, String displayId, boolean update) {
            }

            @Override
            public String readLine(String prompt, boolean password) throws InputNotAllowedException {
                throw new InputNotAllowedException(why);
            }
        };
    }
}
