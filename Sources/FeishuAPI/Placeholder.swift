// FeishuAPI
