{{/* Names and labels ------------------------------------------------------------------ */}}

{{- define "ats-core.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ats-core.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ats-core.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ats-core.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ats-core.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "ats-core.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ats-core
{{- end }}

{{- define "ats-core.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ats-core.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* image reference: repository@digest when a digest is given, else repository:tag */}}
{{- define "ats-core.imageRef" -}}
{{- $img := index . 0 }}{{- $root := index . 1 }}
{{- if $img.digest }}
{{- printf "%s@%s" $img.repository $img.digest }}
{{- else }}
{{- printf "%s:%s" $img.repository (default $root.Chart.AppVersion $img.tag) }}
{{- end }}
{{- end }}

{{/* Security --------------------------------------------------------------------------
Pod Security Standards "restricted" for every container. Only the IDs are configurable, so
no values file can weaken the profile. */}}

{{- define "ats-core.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
# Skip the recursive chown on every start when the volume already has the right group.
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "ats-core.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Inputs shared by ats-core and both guard containers --------------------------------- */}}

{{/* The same env/envFrom as ats-core: the guard must judge what the service really gets. */}}
{{- define "ats-core.envFrom" -}}
- configMapRef:
    name: {{ include "ats-core.fullname" . }}-settings
{{- with .Values.envFrom }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Secret directories, always whole-directory mounts (never subPath: K8S-02), read-only. */}}
{{- define "ats-core.secretMounts" -}}
- name: ats-secrets
  mountPath: {{ .Values.guard.secrets.mountPath }}
  readOnly: true
{{- range .Values.guard.secrets.extraVolumes }}
- name: {{ .name }}
  mountPath: {{ .mountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{/* Guard --------------------------------------------------------------------------------- */}}

{{- define "ats-core.guardImage" -}}
{{ include "ats-core.imageRef" (list .Values.guard.image .) }}
{{- end }}

{{/* Arguments common to `check` and `watch`: template, policy, every secrets directory. */}}
{{- define "ats-core.guardCommonArgs" -}}
- --template
- {{ .Values.guard.template }}
- --secrets-dir
- {{ .Values.guard.secrets.mountPath }}
{{- range .Values.guard.secrets.extraVolumes }}
- --secrets-dir
- {{ .mountPath }}
{{- end }}
{{- if .Values.guard.policy.configMap }}
- --policy
- /etc/ats-guard/policy/{{ .Values.guard.policy.key }}
{{- end }}
{{- if .Values.guard.strict }}
- --strict
{{- end }}
{{- end }}

{{- define "ats-core.guardPolicyMount" -}}
{{- if .Values.guard.policy.configMap }}
- name: ats-guard-policy
  mountPath: /etc/ats-guard/policy
  readOnly: true
{{- end }}
{{- end }}

{{/* --listen: HOST:PORT, or [HOST]:PORT for an IPv6 address (the binary refuses ":::9464").
The schema admits only IP literals without brackets, so a colon means IPv6. */}}
{{- define "ats-core.guardListen" -}}
{{- $s := .Values.guard.sidecar }}
{{- if contains ":" $s.listenAddress }}
{{- printf "[%s]:%d" $s.listenAddress (int $s.port) }}
{{- else }}
{{- printf "%s:%d" $s.listenAddress (int $s.port) }}
{{- end }}
{{- end }}

{{- define "ats-core.guardTLSMount" -}}
{{- if .Values.guard.sidecar.tls.enabled }}
- name: ats-guard-tls
  mountPath: /var/run/secrets/ats-guard-tls
  readOnly: true
{{- end }}
{{- end }}

{{/* tlsConfig of the ServiceMonitor / PodMonitor endpoint when the sidecar serves HTTPS. */}}
{{- define "ats-core.guardScrapeTLS" -}}
{{- $t := .Values.guard.sidecar.tls }}
{{- if $t.enabled }}
scheme: https
tlsConfig:
  {{- if $t.scrape.ca.key }}
  ca:
    secret:
      name: {{ default $t.existingSecret $t.scrape.ca.secretName }}
      key: {{ $t.scrape.ca.key }}
  {{- end }}
  serverName: {{ default (printf "%s.%s.svc" (include "ats-core.fullname" .) .Release.Namespace) $t.scrape.serverName }}
{{- else }}
scheme: http
{{- end }}
{{- end }}

{{- define "ats-core.guardAuthMount" -}}
{{- if .Values.guard.sidecar.authToken.existingSecret }}
- name: ats-guard-auth
  mountPath: /var/run/secrets/ats-guard-auth
  readOnly: true
{{- end }}
{{- end }}

{{- define "ats-core.checkContainer" -}}
- name: ats-guard-check
  image: {{ include "ats-core.guardImage" . }}
  imagePullPolicy: {{ .Values.guard.image.pullPolicy }}
  args:
    - check
    {{- include "ats-core.guardCommonArgs" . | nindent 4 }}
    - --format
    - {{ .Values.guard.check.format }}
    - --termination-log
    - /dev/termination-log
    {{- with .Values.guard.check.extraArgs }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.env }}
  env:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  envFrom:
    {{- include "ats-core.envFrom" . | nindent 4 }}
  # The check writes its verdict to the termination message; falling back to the log tail
  # keeps a reason visible in `kubectl describe pod` even if that write fails.
  terminationMessagePath: /dev/termination-log
  terminationMessagePolicy: FallbackToLogsOnError
  securityContext:
    {{- include "ats-core.containerSecurityContext" . | nindent 4 }}
  resources:
    {{- toYaml .Values.guard.check.resources | nindent 4 }}
  volumeMounts:
    {{- include "ats-core.secretMounts" . | nindent 4 }}
    {{- with include "ats-core.guardPolicyMount" . }}{{ . | trim | nindent 4 }}{{ end }}
{{- end }}

{{- define "ats-core.watchContainer" -}}
{{- $g := .Values.guard }}
- name: ats-guard-watch
  image: {{ include "ats-core.guardImage" . }}
  imagePullPolicy: {{ $g.image.pullPolicy }}
  {{- if eq $g.sidecar.mode "native" }}
  # A native sidecar: started before ats-core, kept running, stopped after it (K8s >= 1.29).
  restartPolicy: Always
  {{- end }}
  args:
    - watch
    {{- include "ats-core.guardCommonArgs" . | nindent 4 }}
    - --listen
    - {{ include "ats-core.guardListen" . | quote }}
    {{- if $g.sidecar.tls.enabled }}
    - --tls-cert
    - /var/run/secrets/ats-guard-tls/tls.crt
    - --tls-key
    - /var/run/secrets/ats-guard-tls/tls.key
    - --tls-min-version
    - {{ $g.sidecar.tls.minVersion | quote }}
    {{- end }}
    {{- if eq $g.reload.mode "signal" }}
    - --reload
    - signal
    - --process-name
    - {{ $g.reload.signal.processName }}
    - --signal
    - {{ $g.reload.signal.signal }}
    {{- else if eq $g.reload.mode "http" }}
    - --reload
    - http
    - --webhook-url
    - {{ $g.reload.http.url | quote }}
    - --webhook-method
    - {{ $g.reload.http.method }}
    - --webhook-timeout
    - {{ $g.reload.http.timeout }}
    {{- else }}
    - --reload
    - none
    {{- end }}
    - --debounce
    - {{ $g.reload.debounce }}
    - --min-reload-interval
    - {{ $g.reload.minReloadInterval }}
    - --rescan-interval
    - {{ $g.reload.rescanInterval }}
    {{- if $g.reload.reloadOnInvalid }}
    - --reload-on-invalid
    {{- end }}
    {{- if $g.sidecar.authToken.existingSecret }}
    - --auth-token-file
    - /var/run/secrets/ats-guard-auth/{{ $g.sidecar.authToken.key }}
    {{- end }}
    {{- if gt (int $g.sidecar.rateLimitRpm) 0 }}
    - --rate-limit-rpm
    - {{ $g.sidecar.rateLimitRpm | quote }}
    {{- end }}
    {{- with $g.sidecar.extraArgs }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .Values.env }}
  env:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  envFrom:
    {{- include "ats-core.envFrom" . | nindent 4 }}
  ports:
    - name: metrics
      containerPort: {{ $g.sidecar.port }}
      protocol: TCP
  {{- if eq $g.sidecar.mode "native" }}
  # ats-core is started only once the first evaluation has passed.
  startupProbe:
    httpGet:
      path: /readyz
      port: metrics
      scheme: {{ ternary "HTTPS" "HTTP" $g.sidecar.tls.enabled }}
    periodSeconds: {{ $g.sidecar.startupProbe.periodSeconds }}
    failureThreshold: {{ $g.sidecar.startupProbe.failureThreshold }}
    timeoutSeconds: {{ $g.sidecar.startupProbe.timeoutSeconds | default 2 }}
  {{- end }}
  livenessProbe:
    httpGet:
      path: /healthz
      port: metrics
      scheme: {{ ternary "HTTPS" "HTTP" $g.sidecar.tls.enabled }}
    periodSeconds: {{ $g.sidecar.livenessProbe.periodSeconds }}
    failureThreshold: {{ $g.sidecar.livenessProbe.failureThreshold }}
    timeoutSeconds: {{ $g.sidecar.livenessProbe.timeoutSeconds | default 2 }}
  {{- if $g.sidecar.readinessProbe.enabled }}
  readinessProbe:
    httpGet:
      path: /readyz
      port: metrics
      scheme: {{ ternary "HTTPS" "HTTP" $g.sidecar.tls.enabled }}
    periodSeconds: {{ $g.sidecar.readinessProbe.periodSeconds }}
    failureThreshold: {{ $g.sidecar.readinessProbe.failureThreshold }}
    timeoutSeconds: {{ $g.sidecar.readinessProbe.timeoutSeconds | default 2 }}
  {{- end }}
  terminationMessagePath: /dev/termination-log
  terminationMessagePolicy: FallbackToLogsOnError
  securityContext:
    {{- include "ats-core.containerSecurityContext" . | nindent 4 }}
  resources:
    {{- toYaml $g.sidecar.resources | nindent 4 }}
  volumeMounts:
    {{- include "ats-core.secretMounts" . | nindent 4 }}
    {{- with include "ats-core.guardPolicyMount" . }}{{ . | trim | nindent 4 }}{{ end }}
    {{- with include "ats-core.guardAuthMount" . }}{{ . | trim | nindent 4 }}{{ end }}
    {{- with include "ats-core.guardTLSMount" . }}{{ . | trim | nindent 4 }}{{ end }}
{{- end }}
