# syntax=docker/dockerfile:1
#
# ats-guard container image: a build stage with the toolchain and -dev packages, and a
# runtime stage with only the shared libraries the binary links against. The binary is the
# ATSGUARD_STATIC build (cmake/static-deps.cmake), so that is glibc alone.
#
# Build:  podman build --pull=never --network host -t localhost/ats-guard:dev .
# Run:    podman run --rm --read-only --cap-drop=ALL --user 1001:1001 \
#           -v ./secrets:/var/run/secrets/ats:ro localhost/ats-guard:dev \
#           check --template production-financial --secrets-dir /var/run/secrets/ats
#
# Both stages start from the same Debian 12 image, so the runtime packages resolved from
# the build stage's ldd output exist in the same versions in the runtime stage.

FROM debian:bookworm-slim AS build
ARG DEBIAN_FRONTEND=noninteractive
# dpkg-dev and python3: scripts/fetch-static-sources.sh unpacks the cpp-httplib and
# prometheus-cpp source packages, and cpp-httplib's split.py runs at build time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake make pkg-config dpkg-dev python3 \
      libcpp-httplib-dev nlohmann-json3-dev libspdlog-dev libfmt-dev prometheus-cpp-dev \
      libssl-dev libcli11-dev doctest-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/fetch-static-sources.sh scripts/
RUN scripts/fetch-static-sources.sh /deps && rm -rf /var/lib/apt/lists/*
COPY . .
# Build, strip, then resolve every shared library the binary loads to the Debian package that
# ships it. Deriving the list from ldd (rather than hard-coding libspdlog1.10, libfmt9, ...)
# keeps the runtime stage minimal and correct when a dependency is added to the code. With
# usrmerge a library may be registered under /lib or /usr/lib, so both spellings are tried;
# an unresolved library fails the build instead of producing an image that cannot start.
# One RUN: every layer is a full copy of the toolchain image under some storage drivers.
RUN set -eu; \
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DATSGUARD_BUILD_TESTS=OFF \
      -DATSGUARD_STATIC=ON -DATSGUARD_DEPS_SOURCES=/deps; \
    cmake --build build -j2 --target ats-guard; \
    strip --strip-unneeded build/ats-guard; \
    install -D -m 0755 build/ats-guard /out/usr/local/bin/ats-guard; \
    : > /out/runtime-packages; \
    for lib in $(ldd /out/usr/local/bin/ats-guard | awk '/=> \//{print $3} /^\t\//{print $1}'); do \
      real=$(readlink -f "$lib"); pkg=""; \
      for p in "$lib" "$real" "/usr$lib" "/usr$real" "${lib#/usr}" "${real#/usr}"; do \
        pkg=$(dpkg-query -S "$p" 2>/dev/null | head -n1 | cut -d: -f1) && [ -n "$pkg" ] && break; \
      done; \
      [ -n "$pkg" ] || { echo "no package ships $lib" >&2; exit 1; }; \
      echo "$pkg" >> /out/runtime-packages; \
    done; \
    sort -u -o /out/runtime-packages /out/runtime-packages; \
    echo "runtime packages:"; cat /out/runtime-packages

FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
ARG VERSION=dev
LABEL org.opencontainers.image.title="ats-guard" \
      org.opencontainers.image.description="Validates and watches the secrets of ats-core: init-container check and reload sidecar with Prometheus metrics" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.vendor="ats-core platform team" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
COPY --from=build /out/runtime-packages /tmp/runtime-packages
# ca-certificates: the reload webhook may be https. Everything else comes from ldd above.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates $(cat /tmp/runtime-packages) \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log /tmp/runtime-packages
COPY --from=build /out/usr/local/bin/ats-guard /usr/local/bin/ats-guard
# Numeric UID/GID so Kubernetes' runAsNonRoot can verify it without an /etc/passwd entry.
USER 1001:1001
# The process writes nothing to the root filesystem: it runs with readOnlyRootFilesystem and
# no capabilities. 9464 is the metrics/probe listener of `watch`.
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/ats-guard"]
CMD ["check"]
