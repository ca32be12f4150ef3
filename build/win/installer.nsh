; NSIS additions (electron-builder.yml nsis.include). electron-builder's file associations
; register each extension's ProgID (win.fileAssociations); this adds the extension's MIME type,
; the "Content Type" value Windows reads for it (the same types shared-mime-info names on Linux).
; SHELL_CONTEXT is HKLM here (nsis.perMachine). The values stay on uninstall: they describe the
; format, not Wirepool, and other programs read them too.
!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\.pcapng" "Content Type" "application/x-pcapng"
  WriteRegStr SHELL_CONTEXT "Software\Classes\.pcap" "Content Type" "application/vnd.tcpdump.pcap"
  WriteRegStr SHELL_CONTEXT "Software\Classes\.cap" "Content Type" "application/vnd.tcpdump.pcap"
!macroend
