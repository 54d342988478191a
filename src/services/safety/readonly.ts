/** Commands that only read or print: allowed when their arguments name no credential file. */
export const READ_ONLY = new Set([
  'ls', 'll', 'dir', 'tree', 'pwd', 'whoami', 'id', 'groups', 'hostname', 'hostnamectl', 'uname', 'uptime', 'date', 'cal', 'echo', 'printf', 'true', 'false', ':', 'test', '[', '[[', 'which', 'type', 'whereis', 'hash',
  'stat', 'file', 'du', 'df', 'free', 'vmstat', 'iostat', 'mpstat', 'sar', 'lscpu', 'lsblk', 'lsusb', 'lspci', 'lsof', 'lsns', 'blkid', 'findmnt', 'nproc', 'arch', 'getconf', 'locale', 'tty', 'who', 'w', 'last', 'lastlog', 'users',
  'ps', 'pgrep', 'pstree', 'top', 'htop', 'btop', 'atop', 'pidof', 'jobs', 'wait', 'sleep', 'yes', 'seq', 'expr', 'bc', 'dc', 'factor',
  'cut', 'uniq', 'tr', 'paste', 'join', 'column', 'fold', 'fmt', 'expand', 'unexpand', 'rev', 'shuf', 'comm', 'csplit', 'look',
  'jq', 'yq', 'xmllint', 'envsubst', 'basename', 'dirname', 'realpath', 'readlink', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'cksum', 'b2sum', 'sum',
  'dmesg', 'getent', 'printenv', 'env-print', 'timedatectl', 'localectl', 'loginctl', 'networkctl', 'resolvectl', 'busctl', 'systemd-analyze', 'lsattr', 'namei',
  'kubectx', 'kubens', 'k9s', 'stern', 'kubeval', 'kubeconform', 'kube-score', 'tflint', 'tfsec', 'checkov', 'trivy', 'hadolint', 'shellcheck', 'yamllint', 'promtool', 'amtool',
  'atq', 'man', 'help', 'info', 'apropos', 'whatis', 'clear', 'reset', 'history-list', 'cd', 'pushd', 'popd', 'dirs', 'read', 'shift', 'return', 'exit', 'break', 'continue', 'local', 'readonly', 'declare', 'typeset', 'export', 'let', 'umask', 'ulimit', 'getopts', 'shopt',
  'vault-status', 'nvidia-smi', 'sensors', 'iotop', 'iftop', 'nload', 'glances', 'dool', 'dstat', 'perf-stat', 'watch-list',
]);
