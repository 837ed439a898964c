@echo off
rem keras2j launcher of the distribution archive for Windows: runs from any folder, wherever the archive was
rem unpacked, with the Java on JAVA_HOME or PATH (17 or later). It runs the portable kernels (bit-identical
rem outputs to the Vector API ones); cmd cannot drop the JVM's incubator warning without merging stderr
rem into stdout, so the Vector API module is added only when KERAS2J_VECTOR=on.
setlocal
set "KERAS2J_HOME=%~dp0.."
set "JAVA_EXE=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
set "KERAS2J_MODULES="
if /i "%KERAS2J_VECTOR%"=="on" set "KERAS2J_MODULES=--add-modules jdk.incubator.vector"
"%JAVA_EXE%" %KERAS2J_MODULES% %KERAS2J_JAVA_OPTS% -cp "%KERAS2J_HOME%\lib\*" dev.keras2j.cli.Keras2jCli %*
exit /b %ERRORLEVEL%
