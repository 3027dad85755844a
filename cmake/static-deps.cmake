# ATSGUARD_STATIC: OpenSSL, libstdc++ and every C++ dependency linked into the executable,
# which is then position-dependent (no PIE).
#
# Why: a dynamically linked ats-guard maps nine shared libraries, and each one's relocated
# data (libcrypto's alone is 0.4 MiB) is private anonymous memory in every pod; the faulted
# pages of all of them make the init container's peak RSS. Linked statically and without
# PIE, only the code we call is mapped and nothing needs relocating at start.
#
# Debian 12 ships no static library of cpp-httplib, prometheus-cpp, spdlog or fmt, so they
# are compiled here: spdlog and fmt in their header-only form from the installed headers;
# cpp-httplib and prometheus-cpp from their Debian source packages, fetched at exactly the
# installed versions by scripts/fetch-static-sources.sh into ATSGUARD_DEPS_SOURCES.
# glibc stays shared: a static glibc cannot resolve host names (NSS) for the webhook.

set(ATSGUARD_DEPS_SOURCES "${PROJECT_SOURCE_DIR}/build-deps" CACHE PATH
  "Where scripts/fetch-static-sources.sh put cpp-httplib and prometheus-cpp")
foreach(src cpp-httplib prometheus-cpp)
  if(NOT EXISTS "${ATSGUARD_DEPS_SOURCES}/${src}.version")
    message(FATAL_ERROR "ATSGUARD_STATIC needs the ${src} source package: run "
      "scripts/fetch-static-sources.sh ${ATSGUARD_DEPS_SOURCES}")
  endif()
endforeach()

# find_package(OpenSSL) caches its library paths: a build tree first configured without
# ATSGUARD_STATIC keeps the shared ones.
if(NOT OPENSSL_CRYPTO_LIBRARY MATCHES "\\.a$")
  message(FATAL_ERROR "ATSGUARD_STATIC: ${CMAKE_BINARY_DIR} found the shared OpenSSL "
    "(${OPENSSL_CRYPTO_LIBRARY}), cached by an earlier configuration; remove the build tree")
endif()

# Every target from here on, ours included (add_compile_options applies to later targets).
add_compile_options(-fno-pie -ffunction-sections -fdata-sections)
add_link_options(-no-pie -static-libstdc++ -static-libgcc -Wl,--gc-sections)

# cpp-httplib: upstream's split.py turns the single header into the .h/.cc pair that
# Debian's libcpp-httplib is built from. TLS only: the endpoints never compress.
set(httplib_src "${ATSGUARD_DEPS_SOURCES}/cpp-httplib")
set(httplib_out "${CMAKE_BINARY_DIR}/deps/httplib")
add_custom_command(OUTPUT "${httplib_out}/httplib.h" "${httplib_out}/httplib.cc"
  COMMAND python3 "${httplib_src}/split.py" --out "${httplib_out}"
  DEPENDS "${httplib_src}/httplib.h" "${httplib_src}/split.py"
  COMMENT "Splitting cpp-httplib into httplib.h and httplib.cc")
add_library(atsguard_httplib STATIC "${httplib_out}/httplib.cc" "${httplib_out}/httplib.h")
target_include_directories(atsguard_httplib SYSTEM BEFORE PUBLIC "${httplib_out}")
target_compile_definitions(atsguard_httplib PUBLIC CPPHTTPLIB_OPENSSL_SUPPORT)
target_compile_features(atsguard_httplib PUBLIC cxx_std_20)
target_link_libraries(atsguard_httplib PUBLIC OpenSSL::SSL OpenSSL::Crypto Threads::Threads
  PRIVATE atsguard_hardening)

# prometheus-cpp: the core library only (registry, metric types, text serializer).
set(prom_src "${ATSGUARD_DEPS_SOURCES}/prometheus-cpp/core")
add_library(atsguard_prometheus_core STATIC
  ${prom_src}/src/check_names.cc ${prom_src}/src/counter.cc
  ${prom_src}/src/detail/builder.cc ${prom_src}/src/detail/ckms_quantiles.cc
  ${prom_src}/src/detail/time_window_quantiles.cc ${prom_src}/src/detail/utils.cc
  ${prom_src}/src/family.cc ${prom_src}/src/gauge.cc ${prom_src}/src/histogram.cc
  ${prom_src}/src/registry.cc ${prom_src}/src/serializer.cc ${prom_src}/src/summary.cc
  ${prom_src}/src/text_serializer.cc)
# The generated core_export.h is not in the source package; Debian's installed one
# honours PROMETHEUS_CPP_CORE_STATIC_DEFINE.
target_include_directories(atsguard_prometheus_core SYSTEM BEFORE
  PUBLIC "${prom_src}/include" PRIVATE "${prom_src}/src")
target_compile_definitions(atsguard_prometheus_core PUBLIC PROMETHEUS_CPP_CORE_STATIC_DEFINE)
target_compile_features(atsguard_prometheus_core PUBLIC cxx_std_20)
target_link_libraries(atsguard_prometheus_core PUBLIC Threads::Threads PRIVATE atsguard_hardening)

# spdlog and fmt header-only: without SPDLOG_COMPILED_LIB spdlog compiles its -inl.h files
# into the few files that include it.
add_library(atsguard_spdlog INTERFACE)
target_compile_definitions(atsguard_spdlog INTERFACE SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)
target_link_libraries(atsguard_spdlog INTERFACE Threads::Threads)
