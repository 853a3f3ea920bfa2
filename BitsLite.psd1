#
# Import-Module ./BitsLite.psd1 from a checkout, after `dotnet build`: this manifest only forwards to the module
# itself, module/BitsLite/BitsLite.psd1, which is what gets packaged and installed (see module/README.md).
#
@{
    RootModule    = 'module/BitsLite/BitsLite.psd1'
    ModuleVersion = '0.1.0'
    GUID          = '5d0c7f3e-8a41-4d0e-9f36-2b7c1e4a9d58'
    Description   = 'Forwards to module/BitsLite/BitsLite.psd1.'
}
