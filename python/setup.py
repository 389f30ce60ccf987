"""Builds the pykka Python package: the extension pykka._core is built by the project's CMake.

    python3 -m venv --system-site-packages venv && venv/bin/pip install ./python --no-build-isolation

Environment: PYKKA_CMAKE_BUILD_TYPE (default Release), CMAKE_BUILD_PARALLEL_LEVEL (default 2).
"""

import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent  # the C++ project


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        build_type = os.environ.get("PYKKA_CMAKE_BUILD_TYPE", "Release")
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.check_call(
            [
                "cmake",
                "-S",
                str(ROOT),
                "-B",
                str(build_dir),
                f"-DCMAKE_BUILD_TYPE={build_type}",
                "-DPYKKA_BUILD_PYTHON=ON",
                "-DPYKKA_BUILD_TESTS=OFF",
                "-DPYKKA_BUILD_EXAMPLES=OFF",
                "-DPYKKA_INSTALL=OFF",
                f"-DPython_EXECUTABLE={sys.executable}",
            ]
        )
        subprocess.check_call(
            ["cmake", "--build", str(build_dir), "--target", "pykka_python_core", "-j", jobs]
        )
        built = build_dir / "python" / "site" / "pykka" / target.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="pykka",
    version="4.4.0+cpp.0.1.0",
    description="Pykka's actor model API for Python, backed by a C++20 core",
    license="Apache-2.0",
    packages=["pykka"],
    package_data={"pykka": ["py.typed"]},
    ext_modules=[CMakeExtension("pykka._core")],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.8",
    zip_safe=False,
)
