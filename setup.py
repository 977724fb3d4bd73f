"""Only the compiled part of the build; everything else is in pyproject.toml.

The counting loops of the memory's lookup (translate_flow/store/_tm_tally.c) are optional: without
a C compiler the installation goes on and tm_index.py counts with numpy, several times slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "translate_flow.store._tm_tally",
            ["translate_flow/store/_tm_tally.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
