{
  'targets': [
    {
      'target_name': 'cap',
      'sources': [
        'src/binding.cc',
      ],
      'include_dirs': [
        "<!(node -p \"require('node-addon-api').include_dir\")",
      ],
      # Node-API (ABI-stable): one binary loads in Node and in Electron without a rebuild.
      # No C++ exceptions: errors are thrown as JavaScript exceptions and checked for.
      'defines': [
        'NAPI_VERSION=8',
        'NAPI_DISABLE_CPP_EXCEPTIONS',
        'NODE_ADDON_API_DISABLE_DEPRECATED',
      ],
      'conditions': [
        [ 'OS=="win"', {
          'include_dirs': [
            'deps/winpcap/Include',
          ],
          'defines': [
            'WPCAP',
          ],
          'conditions': [
            [ 'target_arch=="ia32"', {
              'link_settings': {
                'libraries': ['ws2_32.lib', '<(PRODUCT_DIR)/../../deps/winpcap/Lib/wpcap.lib'],
              },
            }, {
              'link_settings': {
                'libraries': ['ws2_32.lib', '<(PRODUCT_DIR)/../../deps/winpcap/Lib/x64/wpcap.lib'],
              },
            }],
          ],
        }, {
          # POSIX
          'link_settings': {
            'libraries': ['-lpcap'],
          },
        }],
      ],
    },
    {
      'target_name': 'wirepool-capture-helper',
      'conditions': [
        [ 'OS=="win"', {
          # Windows: no helper (Npcap's driver decides who may capture); an empty target.
          'type': 'none',
        }, {
          # POSIX: the one process that holds CAP_NET_RAW/CAP_NET_ADMIN (see WIREPOOL.md).
          'type': 'executable',
          'sources': [
            'src/capture_helper.c',
          ],
          'cflags': ['-std=c11', '-Wall', '-Wextra'],
          'link_settings': {
            'libraries': ['-lpcap'],
          },
        }],
      ],
    },
  ],
}
