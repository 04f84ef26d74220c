"""The community conformance suite (jupyter_kernel_test) against the real kernel."""
import unittest

import kernel_env  # noqa: F401  (installs the kernelspec, sets JUPYTER_PATH)
import jupyter_kernel_test


class JavaCachedKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = kernel_env.KERNEL
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"ab" + "cd"', "result": "\"abcd\""},
        {"code": "int twice(int v) { return 2 * v; }\ntwice(21)", "result": "42"},
    ]
    code_generate_error = 'throw new IllegalStateException("boom");'

    completion_samples = [
        {"text": "Syste", "matches": {"System"}},
        {"text": "Integer.parseI", "matches": {"parseInt("}},
    ]

    complete_code_samples = ["1 + 1", "int x = 3;", "void f() {}", "class A {}"]
    incomplete_code_samples = ["void f() {", "for (int i = 0; i < 3; i++) {", "int y = (1 +"]
    invalid_code_samples = ["int x = 3 )", "}"]

    code_inspect_sample = "Math.max"

    code_display_data = [
        {"code": 'display("<b>hi</b>", "text/html");', "mime": "text/html"},
        {"code": 'display("plain words");', "mime": "text/plain"},
    ]

    code_clear_output = 'System.out.println("soon gone"); clearOutput();'

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 * *"


if __name__ == "__main__":
    unittest.main()
