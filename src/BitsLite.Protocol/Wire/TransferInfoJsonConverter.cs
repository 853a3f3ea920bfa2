using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Reads and writes <see cref="TransferInfo"/> on the wire by hand, because listing 100,000 jobs must take under a
/// second and the source generator reads a type with required and init-only members through a boxed argument array,
/// at twice the cost. Members at their default (an empty description or list, the default proxy, <c>Always</c>,
/// <c>Bits</c>, a reply size of -1, null) are left out, as protocol.md allows; the reader restores them. Property
/// names, enum names, times and durations are written exactly as the generator writes them; unknown properties are
/// skipped. Registered on <see cref="ProtocolJsonContext"/> only: the CLI's <c>--json</c> output keeps every member.
/// </summary>
internal sealed class TransferInfoJsonConverter : JsonConverter<TransferInfo>
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText DisplayNameName = JsonEncodedText.Encode("displayName");
    private static readonly JsonEncodedText DescriptionName = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText OwnerName = JsonEncodedText.Encode("owner");
    private static readonly JsonEncodedText TransferTypeName = JsonEncodedText.Encode("transferType");
    private static readonly JsonEncodedText PriorityName = JsonEncodedText.Encode("priority");
    private static readonly JsonEncodedText StateName = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText FilesName = JsonEncodedText.Encode("files");
    private static readonly JsonEncodedText BytesTotalName = JsonEncodedText.Encode("bytesTotal");
    private static readonly JsonEncodedText BytesTransferredName = JsonEncodedText.Encode("bytesTransferred");
    private static readonly JsonEncodedText FilesTotalName = JsonEncodedText.Encode("filesTotal");
    private static readonly JsonEncodedText FilesTransferredName = JsonEncodedText.Encode("filesTransferred");
    private static readonly JsonEncodedText CreationTimeName = JsonEncodedText.Encode("creationTime");
    private static readonly JsonEncodedText ModificationTimeName = JsonEncodedText.Encode("modificationTime");
    private static readonly JsonEncodedText TransferCompletionTimeName = JsonEncodedText.Encode("transferCompletionTime");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText ErrorCountName = JsonEncodedText.Encode("errorCount");
    private static readonly JsonEncodedText RetryIntervalName = JsonEncodedText.Encode("retryInterval");
    private static readonly JsonEncodedText RetryTimeoutName = JsonEncodedText.Encode("retryTimeout");
    private static readonly JsonEncodedText MaxDownloadTimeName = JsonEncodedText.Encode("maxDownloadTime");
    private static readonly JsonEncodedText MaxBandwidthName = JsonEncodedText.Encode("maxBandwidth");
    private static readonly JsonEncodedText CustomHeadersName = JsonEncodedText.Encode("customHeaders");
    private static readonly JsonEncodedText CredentialsName = JsonEncodedText.Encode("credentials");
    private static readonly JsonEncodedText ProxyName = JsonEncodedText.Encode("proxy");
    private static readonly JsonEncodedText NotificationName = JsonEncodedText.Encode("notification");
    private static readonly JsonEncodedText TransferPolicyName = JsonEncodedText.Encode("transferPolicy");
    private static readonly JsonEncodedText QueueReasonName = JsonEncodedText.Encode("queueReason");
    private static readonly JsonEncodedText ReplyFileName = JsonEncodedText.Encode("replyFile");
    private static readonly JsonEncodedText ReplyBytesTotalName = JsonEncodedText.Encode("replyBytesTotal");
    private static readonly JsonEncodedText ReplyBytesTransferredName = JsonEncodedText.Encode("replyBytesTransferred");
    private static readonly JsonEncodedText UploadMethodName = JsonEncodedText.Encode("uploadMethod");
    private static readonly JsonEncodedText PercentCompleteName = JsonEncodedText.Encode("percentComplete");

    // The built-in converters the generator uses, so that times, durations and ids keep their exact wire form.
    private static readonly JsonConverter<Guid> GuidConverter = JsonMetadataServices.GuidConverter;
    private static readonly JsonConverter<DateTimeOffset> TimeConverter = JsonMetadataServices.DateTimeOffsetConverter;
    private static readonly JsonConverter<TimeSpan> DurationConverter = JsonMetadataServices.TimeSpanConverter;

    public override TransferInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        const string What = "a transfer";
        JsonReading.Expect(ref reader, JsonTokenType.StartObject, What);
        Guid? id = null;
        string? displayName = null, owner = null, queueReason = null, replyFile = null;
        var description = "";
        TransferType transferType = default;
        TransferPriority priority = default;
        TransferState state = default;
        IReadOnlyList<TransferFileInfo> files = [];
        long bytesTotal = 0, bytesTransferred = 0, replyBytesTotal = -1, replyBytesTransferred = 0;
        long? maxBandwidth = null;
        int filesTotal = 0, filesTransferred = 0, errorCount = 0;
        DateTimeOffset creationTime = default, modificationTime = default;
        DateTimeOffset? transferCompletionTime = null;
        TransferError? error = null;
        TimeSpan retryInterval = default, retryTimeout = default;
        TimeSpan? maxDownloadTime = null;
        IReadOnlyList<string> customHeaders = [];
        IReadOnlyList<TransferCredential> credentials = [];
        TransferProxy? proxy = null;
        TransferNotification? notification = null;
        TransferCostPolicy transferPolicy = default;
        UploadMethod uploadMethod = default;

        Span<char> name = stackalloc char[JsonReading.MaxNameLength];
        while (JsonReading.NextProperty(ref reader, name, out var length))
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch (name[..length])
            {
                case "id": id = GuidConverter.Read(ref reader, typeof(Guid), options); break;
                case "displayName": displayName = JsonReading.String(ref reader); break;
                case "description": description = JsonReading.NullableString(ref reader) ?? ""; break;
                case "owner": owner = JsonReading.String(ref reader); break;
                case "transferType": transferType = WireEnum<TransferType>.Read(ref reader); break;
                case "priority": priority = WireEnum<TransferPriority>.Read(ref reader); break;
                case "state": state = WireEnum<TransferState>.Read(ref reader); break;
                case "files": files = ReadFiles(ref reader, options); break;
                case "bytesTotal": bytesTotal = reader.GetInt64(); break;
                case "bytesTransferred": bytesTransferred = reader.GetInt64(); break;
                case "filesTotal": filesTotal = reader.GetInt32(); break;
                case "filesTransferred": filesTransferred = reader.GetInt32(); break;
                case "creationTime": creationTime = TimeConverter.Read(ref reader, typeof(DateTimeOffset), options); break;
                case "modificationTime": modificationTime = TimeConverter.Read(ref reader, typeof(DateTimeOffset), options); break;
                case "transferCompletionTime": transferCompletionTime = isNull ? null : TimeConverter.Read(ref reader, typeof(DateTimeOffset), options); break;
                case "error": error = isNull ? null : Nested<TransferError>(ref reader, options); break;
                case "errorCount": errorCount = reader.GetInt32(); break;
                case "retryInterval": retryInterval = DurationConverter.Read(ref reader, typeof(TimeSpan), options); break;
                case "retryTimeout": retryTimeout = DurationConverter.Read(ref reader, typeof(TimeSpan), options); break;
                case "maxDownloadTime": maxDownloadTime = isNull ? null : DurationConverter.Read(ref reader, typeof(TimeSpan), options); break;
                case "maxBandwidth": maxBandwidth = isNull ? null : reader.GetInt64(); break;
                case "customHeaders": customHeaders = JsonReading.Strings(ref reader); break;
                case "credentials": credentials = isNull ? [] : Nested<IReadOnlyList<TransferCredential>>(ref reader, options); break;
                case "proxy": proxy = isNull ? null : Nested<TransferProxy>(ref reader, options); break;
                case "notification": notification = isNull ? null : Nested<TransferNotification>(ref reader, options); break;
                case "transferPolicy": transferPolicy = WireEnum<TransferCostPolicy>.Read(ref reader); break;
                case "queueReason": queueReason = JsonReading.NullableString(ref reader); break;
                case "replyFile": replyFile = JsonReading.NullableString(ref reader); break;
                case "replyBytesTotal": replyBytesTotal = reader.GetInt64(); break;
                case "replyBytesTransferred": replyBytesTransferred = reader.GetInt64(); break;
                case "uploadMethod": uploadMethod = WireEnum<UploadMethod>.Read(ref reader); break;
                default: reader.Skip(); break; // percentComplete (computed) and members of later versions
            }
        }

        var info = new TransferInfo
        {
            Id = id ?? throw JsonReading.Missing("id", What),
            DisplayName = displayName ?? throw JsonReading.Missing("displayName", What),
            Description = description,
            Owner = owner ?? throw JsonReading.Missing("owner", What),
            TransferType = transferType,
            Priority = priority,
            State = state,
            Files = files,
            BytesTotal = bytesTotal,
            BytesTransferred = bytesTransferred,
            FilesTotal = filesTotal,
            FilesTransferred = filesTransferred,
            CreationTime = creationTime,
            ModificationTime = modificationTime,
            TransferCompletionTime = transferCompletionTime,
            Error = error,
            ErrorCount = errorCount,
            RetryInterval = retryInterval,
            RetryTimeout = retryTimeout,
            MaxDownloadTime = maxDownloadTime,
            MaxBandwidth = maxBandwidth,
            CustomHeaders = customHeaders,
            Credentials = credentials,
            Notification = notification,
            TransferPolicy = transferPolicy,
            QueueReason = queueReason,
            ReplyFile = replyFile,
            ReplyBytesTotal = replyBytesTotal,
            ReplyBytesTransferred = replyBytesTransferred,
            UploadMethod = uploadMethod,
        };
        if (proxy is not null)
        {
            info.Proxy = proxy;   // otherwise the default the property already holds
        }

        return info;
    }

    public override void Write(Utf8JsonWriter writer, TransferInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(IdName);
        GuidConverter.Write(writer, value.Id, options);
        writer.WriteString(DisplayNameName, value.DisplayName);
        if (value.Description.Length > 0)
        {
            writer.WriteString(DescriptionName, value.Description);
        }

        writer.WriteString(OwnerName, value.Owner);
        WireEnum<TransferType>.Write(writer, TransferTypeName, value.TransferType);
        WireEnum<TransferPriority>.Write(writer, PriorityName, value.Priority);
        WireEnum<TransferState>.Write(writer, StateName, value.State);
        if (value.Files.Count > 0)
        {
            writer.WriteStartArray(FilesName);
            foreach (var file in value.Files)
            {
                TransferFileInfoJsonConverter.Instance.Write(writer, file, options);
            }

            writer.WriteEndArray();
        }

        writer.WriteNumber(BytesTotalName, value.BytesTotal);
        writer.WriteNumber(BytesTransferredName, value.BytesTransferred);
        writer.WriteNumber(FilesTotalName, value.FilesTotal);
        writer.WriteNumber(FilesTransferredName, value.FilesTransferred);
        WriteTime(writer, CreationTimeName, value.CreationTime, options);
        WriteTime(writer, ModificationTimeName, value.ModificationTime, options);
        if (value.TransferCompletionTime is { } completed)
        {
            WriteTime(writer, TransferCompletionTimeName, completed, options);
        }

        if (value.Error is not null)
        {
            WriteNested(writer, ErrorName, value.Error, options);
        }

        writer.WriteNumber(ErrorCountName, value.ErrorCount);
        WriteDuration(writer, RetryIntervalName, value.RetryInterval, options);
        WriteDuration(writer, RetryTimeoutName, value.RetryTimeout, options);
        if (value.MaxDownloadTime is { } maxDownloadTime)
        {
            WriteDuration(writer, MaxDownloadTimeName, maxDownloadTime, options);
        }

        if (value.MaxBandwidth is { } maxBandwidth)
        {
            writer.WriteNumber(MaxBandwidthName, maxBandwidth);
        }

        if (value.CustomHeaders.Count > 0)
        {
            writer.WriteStartArray(CustomHeadersName);
            foreach (var header in value.CustomHeaders)
            {
                writer.WriteStringValue(header);
            }

            writer.WriteEndArray();
        }

        if (value.Credentials.Count > 0)
        {
            WriteNested(writer, CredentialsName, value.Credentials, options);
        }

        if (value.Proxy is not { Usage: TransferProxyUsage.SystemDefault, List.Count: 0, Bypass.Count: 0 })
        {
            WriteNested(writer, ProxyName, value.Proxy, options);
        }

        if (value.Notification is not null)
        {
            WriteNested(writer, NotificationName, value.Notification, options);
        }

        if (value.TransferPolicy != TransferCostPolicy.Always)
        {
            WireEnum<TransferCostPolicy>.Write(writer, TransferPolicyName, value.TransferPolicy);
        }

        if (value.QueueReason is not null)
        {
            writer.WriteString(QueueReasonName, value.QueueReason);
        }

        if (value.ReplyFile is not null)
        {
            writer.WriteString(ReplyFileName, value.ReplyFile);
        }

        if (value.ReplyBytesTotal != -1)
        {
            writer.WriteNumber(ReplyBytesTotalName, value.ReplyBytesTotal);
        }

        if (value.ReplyBytesTransferred != 0)
        {
            writer.WriteNumber(ReplyBytesTransferredName, value.ReplyBytesTransferred);
        }

        if (value.UploadMethod != UploadMethod.Bits)
        {
            WireEnum<UploadMethod>.Write(writer, UploadMethodName, value.UploadMethod);
        }

        if (value.PercentComplete is { } percent)
        {
            writer.WriteNumber(PercentCompleteName, percent);
        }

        writer.WriteEndObject();
    }

    private static List<TransferFileInfo> ReadFiles(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        JsonReading.Expect(ref reader, JsonTokenType.StartArray, "a list of files");
        var files = new List<TransferFileInfo>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            files.Add(TransferFileInfoJsonConverter.Instance.Read(ref reader, typeof(TransferFileInfo), options));
        }

        return files;
    }

    private static T Nested<T>(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))
            ?? throw new JsonException($"A {typeof(T).Name} is null.");

    private static void WriteNested<T>(Utf8JsonWriter writer, JsonEncodedText name, T value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }

    private static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        TimeConverter.Write(writer, value, options);
    }

    private static void WriteDuration(Utf8JsonWriter writer, JsonEncodedText name, TimeSpan value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        DurationConverter.Write(writer, value, options);
    }
}
