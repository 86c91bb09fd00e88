# Sourced by run.sh and test.sh: installs what a fresh Debian 12 machine lacks.
# apt runs only when a package is missing; sudo only when not root.

# libqt6opengl6-dev: Qt6Charts' CMake package needs Qt6OpenGL, which
# qt6-charts-dev only recommends, and recommends are not installed here.
XENOSCOPE_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6opengl6-dev libzstd-dev libgl-dev
    clang-format
    xvfb xauth
)

xenoscope_install_deps() {
    local missing=()
    local p
    for p in "${XENOSCOPE_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    echo "==> Installing missing packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}
