using BitsLite.UploadServer;

return await UploadServerCommand.InvokeAsync(args).ConfigureAwait(false);
