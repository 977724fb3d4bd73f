"""Only the compiled part of the build; everything else is in pyproject.toml.

The counting loops of the memory's lookup (translate_flow/tm/_counting.c) are optional: without a
C compiler the installation goes on and tm/counting.py counts with numpy, slower. They use only
the stable ABI of Python 3.11 (Py_LIMITED_API in the C file), so the extension is built once as
_counting.abi3.so and a wheel is tagged cp311-abi3: one wheel for every CPython from 3.11 on.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "translate_flow.tm._counting",
            ["translate_flow/tm/_counting.c"],
            extra_compile_args=["-O2"],
            py_limited_api=True,
            optional=True,
        )
    ],
    options={"bdist_wheel": {"py_limited_api": "cp311"}},
)
