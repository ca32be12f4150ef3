#!/bin/sh
# Debian package post-install (electron-builder.yml deb.afterInstall): give Wirepool's capture
# helper, and nothing else, the capabilities to capture, so the app captures unprivileged as
# Wireshark does with dumpcap. Anyone who may run the app may then capture on any interface;
# an administrator who does not want that removes them: setcap -r <helper>.
# electron-builder fills in ${sanitizedProductName}, as in its own after-install template.
helper="/opt/${sanitizedProductName}/resources/app.asar.unpacked/node_modules/cap/build/Release/wirepool-capture-helper"
if [ -f "$helper" ] && command -v setcap >/dev/null 2>&1; then
  setcap cap_net_raw,cap_net_admin=eip "$helper" || echo "wirepool: could not give $helper the capture capabilities; capture will say how" >&2
fi
