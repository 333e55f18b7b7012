# Sourced by bench/run.sh and tests/conformance/run.sh: nginx on a loopback port, round robin over LfRepo processes
# on other loopback ports, as README's "Two instances on one database" describes.
#
#   start_local_proxy WORK PORT BACKEND_PORT...
#
# writes WORK/nginx.conf, starts nginx (its files and logs in WORK) and sets NGINX_PID_FILE for the caller's
# clean-up. Requests go to the processes in turn, one by one, whatever connection they come on; bodies and answers
# stream through unbuffered, of any size.
local_proxy_nginx() { command -v nginx || echo /usr/sbin/nginx; }

start_local_proxy() {
  local work=$1 port=$2 nginx servers="" backend
  shift 2
  nginx="$(local_proxy_nginx)"
  [[ -x $nginx ]] || { echo "nginx is not installed" >&2; return 2; }
  for backend in "$@"; do servers+="server 127.0.0.1:$backend; "; done
  NGINX_PID_FILE="$work/nginx.pid"
  cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon on;
pid $NGINX_PID_FILE;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  client_max_body_size 0;
  upstream lfrepo { $servers keepalive 64; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://lfrepo;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
NGINX
  "$nginx" -e "$work/nginx-error.log" -p "$work" -c "$work/nginx.conf"
}
