{{/* Labels every object carries. */}}
{{- define "relay.labels" -}}
app.kubernetes.io/part-of: relay
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The pod labels a component is selected by (the same as the kustomize overlays). */}}
{{- define "relay.selector" -}}
app.kubernetes.io/name: relay
app.kubernetes.io/component: {{ . }}
{{- end -}}

{{- define "relay.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}

{{- define "relay.split" -}}
{{- if eq .Values.topology "split-receivers" }}true{{ end -}}
{{- end -}}

{{/* The Redis connection string, without a password (that comes from a Secret through an environment variable). */}}
{{- define "relay.redisAddress" -}}
{{- if .Values.redis.enabled -}}
redis:6379
{{- else -}}
{{ .Values.redis.external.host }}:{{ .Values.redis.external.port }}{{ if .Values.redis.external.tls }},ssl=true{{ end }}
{{- end -}}
{{- end -}}

{{- define "relay.redisPasswordSecret" -}}
{{- if .Values.redis.enabled -}}
{{- with .Values.redis.auth.existingSecret }}{{ . }}{{ end -}}
{{- else -}}
{{- with .Values.redis.external.passwordSecret.name }}{{ . }}{{ end -}}
{{- end -}}
{{- end -}}

{{- define "relay.redisPasswordKey" -}}
{{- if .Values.redis.enabled }}{{ .Values.redis.auth.key }}{{ else }}{{ .Values.redis.external.passwordSecret.key }}{{ end -}}
{{- end -}}

{{/* Environment shared by silos and receivers: pod identity, and the Redis password when there is one. */}}
{{- define "relay.env" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- with include "relay.redisPasswordSecret" . }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ include "relay.redisPasswordKey" $ }}
- name: cluster__redis__connection_string
  value: {{ printf "%s,password=$(REDIS_PASSWORD)" (include "relay.redisAddress" $) | quote }}
{{- end }}
{{- end -}}

{{/* Container hardening shared by every container (Pod Security "restricted"). */}}
{{- define "relay.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Probes of a Relay container, on the management port. */}}
{{- define "relay.probes" -}}
startupProbe:
  httpGet:
    path: /healthz
    port: management
  periodSeconds: 2
  failureThreshold: {{ .failureThreshold }}
readinessProbe:
  httpGet:
    path: /readyz
    port: management
  periodSeconds: 5
  timeoutSeconds: 2
  failureThreshold: 2
livenessProbe:
  httpGet:
    path: /healthz
    port: management
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 6
lifecycle:
  preStop:
    sleep:
      seconds: 5
{{- end -}}
