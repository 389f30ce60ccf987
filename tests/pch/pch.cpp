// Compiles the precompiled header shared by every test (see tests/CMakeLists.txt).
