; Inno Setup 6.3 or newer: makes dist\dvk-VERSION-setup.exe from the folder that
; PyInstaller built (dist\dvk, see README.md "Building the installer"):
;
;   python -m PyInstaller --noconfirm --clean build_installer.spec
;   iscc installer\dvk.iss
;
; The version is read from dist\dvk\dvk.exe (build_installer.spec writes it there from
; pyproject.toml); `iscc /DAppVersion=1.2.3 installer\dvk.iss` overrides it.
; Setup installs for the current user without administrator rights (what a commune PC
; usually allows), or for all users when the person installing chooses so. The data
; stay in the user's folder (%LOCALAPPDATA%\DVK): never in Program Files, and never
; removed by the uninstaller. Keep this file ASCII: Inno Setup reads it as ANSI.

#define BuildDir AddBackslash(SourcePath) + "..\dist\dvk"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BuildDir + "\dvk.exe")
#endif

[Setup]
; Never change AppId: Windows recognises upgrades of the same program by it.
AppId={{5B7F4F49-313D-43E7-868E-FA69DA5CFAA0}
AppName=DVK
AppVersion={#AppVersion}
AppVerName=DVK {#AppVersion}
AppPublisher=DVK
DefaultDirName={autopf}\DVK
DefaultGroupName=DVK
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 (the window library) runs on 64-bit Windows 10 version 1809 or later and Windows
; 11; on Windows 7 and 8.1 setup says so and stops (README.md "Windows").
MinVersion=10.0.17763
OutputDir=..\dist
OutputBaseFilename=dvk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\dvk.ico
UninstallDisplayIcon={app}\dvk.exe
UninstallDisplayName=DVK
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
; Inno Setup ships no Vietnamese; put Vietnamese.isl from its translations page into
; Inno Setup's Languages folder and the wizard speaks Vietnamese.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; A folder that was used in portable mode must not hand its marker or data to others.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Excludes: "dvk-portable.txt,\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\DVK"; Filename: "{app}\dvk.exe"
Name: "{autodesktop}\DVK"; Filename: "{app}\dvk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\dvk.exe"; Description: "{cm:LaunchProgram,DVK}"; Flags: nowait postinstall skipifsilent
