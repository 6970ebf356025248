<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Create profile</source>
        <translation>创建档案</translation>
    </message>
    <message>
        <source>Open Liaison</source>
        <translation>打开 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="128" />
        <source>The relay at {url} cannot be reached. Check the address and your network connection, then try again.</source>
        <translation>无法连接到中继服务器 {url}。请检查地址和网络连接，然后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="60" />
        <source>Set up Liaison</source>
        <extracomment>Service errors that concern the relay fields, shown on the relay page. The relay client's enrollment errors join this tuple when create_profile registers.</extracomment>
        <translation>设置 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="61" />
        <source>&amp;Create profile</source>
        <translation>创建档案(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="62" />
        <source>&amp;Open Liaison</source>
        <translation>打开 Liaison(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="93" />
        <source>Creating your profile…</source>
        <translation>正在创建您的档案…</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="167" />
        <source>Asking the relay which agency the token is for…</source>
        <translation>正在向中继服务器查询此令牌所属的机构…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="179" />
        <source>This enrollment token is for {agency}. {refusal}</source>
        <translation>此注册令牌属于 {agency}。{refusal}</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="44" />
        <source>Welcome to Liaison</source>
        <translation>欢迎使用 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="45" />
        <source>Set up this computer for secure operation channels.</source>
        <translation>为本机设置安全的行动频道。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="47" />
        <source>Colleagues in your operations see your name and agency next to every message you send. Use the form your counterparts know you by.</source>
        <translation>行动中的同事会在您发送的每条消息旁看到您的姓名和所属机构。请使用对方熟悉的写法。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="49" />
        <source>&amp;Your name</source>
        <translation>您的姓名(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="50" />
        <source>&amp;Agency and post</source>
        <translation>机构与口岸(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="51" />
        <source>e.g. Li Wei</source>
        <translation>例如：李伟</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="52" />
        <source>e.g. Guangzhou Customs, Huangpu Port</source>
        <translation>例如：广州海关 黄埔口岸</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="53" />
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="54" />
        <source>Agency and post</source>
        <translation>机构与口岸</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="66" />
        <source>Enter your name.</source>
        <translation>请输入您的姓名。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="70" />
        <source>Enter your agency.</source>
        <translation>请输入您所属的机构。</translation>
    </message>
    <message>
        <source>No enrollment token yet? Look around a demo workspace first: invented colleagues on a relay that runs on this computer only. Your own profile is not created and nothing leaves this computer.</source>
        <translation>还没有注册令牌？可以先看看演示工作区：虚构的同事，中继服务器只在本机运行。不会创建您自己的档案，也不会有任何内容离开本机。</translation>
    </message>
    <message>
        <source>Try a &amp;demo workspace</source>
        <translation>试用演示工作区(&amp;D)</translation>
    </message>
    <message>
        <source>Try a demo workspace</source>
        <translation>试用演示工作区</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="61" />
        <source>About you</source>
        <translation>关于您</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="62" />
        <source>How colleagues in your operations will see you.</source>
        <translation>行动中的同事将这样看到您。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/identity_page.py" line="73" />
        <source>Set by your enrollment token: the relay enrolls you for this agency. A different agency needs a token issued for it.</source>
        <translation>由您的注册令牌确定：中继服务器将您登记在此机构名下。如需其他机构，需要为该机构签发的令牌。</translation>
    </message>
</context>
<context>
    <name>IdentityPanel</name>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="89" />
        <source>This device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="90" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="90" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="91" />
        <source>Device ID</source>
        <translation>设备 ID</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="92" />
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="94" />
        <source>Key kept in this computer's keyring</source>
        <translation>密钥保存在本机的系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="96" />
        <source>Key protected by your passphrase</source>
        <translation>密钥由您的口令保护</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="97" />
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/identity_panel.py" line="98" />
        <source>Open an operation to see who is in it.</source>
        <translation>打开一个行动以查看其成员。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Read re&amp;ceipts</source>
        <translation>已读回执(&amp;C)</translation>
    </message>
    <message>
        <source>Turning read receipts on…</source>
        <translation>正在开启已读回执…</translation>
    </message>
    <message>
        <source>Turning read receipts off…</source>
        <translation>正在关闭已读回执…</translation>
    </message>
    <message>
        <source>Read receipts are on: members see who has read their messages</source>
        <translation>已读回执已开启：成员可以看到谁读了他们的消息</translation>
    </message>
    <message>
        <source>Read receipts are off: nobody&apos;s reading is reported any more</source>
        <translation>已读回执已关闭：不再报告任何人的阅读情况</translation>
    </message>
    <message>
        <source>Members tell each other which messages they have read</source>
        <translation>成员相互告知已读了哪些消息</translation>
    </message>
    <message>
        <source>Only the operation&apos;s coordinator turns read receipts on or off</source>
        <translation>只有行动的协调员可以开启或关闭已读回执</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="107" />
        <source>Liaison — {name}</source>
        <extracomment>Emitted after the operations list was (re)loaded from the store. The officer closed the window: the session ends.</extracomment>
        <translation>Liaison — {name}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="109" />
        <source>&amp;Liaison</source>
        <translation>&amp;Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="110" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="111" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="112" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="113" />
        <source>&amp;Device and members panel</source>
        <translation>设备与成员面板(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="114" />
        <source>Copy my &amp;fingerprint</source>
        <translation>复制我的指纹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="115" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="116" />
        <source>&amp;About Liaison</source>
        <translation>关于 Liaison(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="134" />
        <source>About Liaison</source>
        <translation>关于 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="135" />
        <source>&lt;b&gt;Liaison {version}&lt;/b&gt;&lt;br&gt;End-to-end encrypted channels for customs liaison officers.&lt;br&gt;Encryption: vodozemac (Olm/Megolm). Local store: SQLCipher.</source>
        <translation>&lt;b&gt;Liaison {version}&lt;/b&gt;&lt;br&gt;面向海关联络官的端到端加密频道。&lt;br&gt;加密：vodozemac（Olm/Megolm）。本地存储：SQLCipher。</translation>
    </message>
    <message>
        <source>Source install (not a signed build).</source>
        <translation>源码安装（非签名构建）。</translation>
    </message>
    <message>
        <source>Commit: {commit}&lt;br&gt;Built: {date}&lt;br&gt;Bundle manifest SHA-256:&lt;br&gt;&lt;tt&gt;{manifest}&lt;/tt&gt;</source>
        <translation>提交：{commit}&lt;br&gt;构建时间：{date}&lt;br&gt;程序包清单 SHA-256：&lt;br&gt;&lt;tt&gt;{manifest}&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&amp;Search in operation…</source>
        <translation>在行动中搜索(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Operation</source>
        <translation>行动(&amp;O)</translation>
    </message>
    <message>
        <source>New &amp;report…</source>
        <translation>新建报告(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Export transcript…</source>
        <translation>导出笔录(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Close operation…</source>
        <translation>结束行动(&amp;C)…</translation>
    </message>
    <message>
        <source>Transcript exported to {folder}</source>
        <translation>笔录已导出到 {folder}</translation>
    </message>
    <message>
        <source>Close operation</source>
        <translation>结束行动</translation>
    </message>
    <message>
        <source>Close {operation}? No member can send messages or reports to it any more. This cannot be undone.</source>
        <translation>结束 {operation}？此后任何成员都不能再向其发送消息或报告。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Keep it open</source>
        <translation>保持进行中</translation>
    </message>
    <message>
        <source>Closing the operation…</source>
        <translation>正在结束行动…</translation>
    </message>
    <message>
        <source>Search &amp;all operations…</source>
        <translation>搜索全部行动(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/main_window.py" line="273" />
        <source>Set up a &amp;real profile…</source>
        <translation>设置正式档案(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>OpenFailureDialog</name>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="70" />
        <source>Liaison</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="71" />
        <source>Liaison cannot open your profile</source>
        <translation>Liaison 无法打开您的档案</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="73" />
        <source>If the system keyring is locked, unlock it and choose Retry. If the keyring was reset or the passphrase is lost, your recovery key restores access: run “liaison recover --profile {path}” in a terminal. Nothing in the profile was changed.</source>
        <translation>如果系统钥匙串已锁定，请先解锁再选择“重试”。如果钥匙串被重置或口令遗失，可用恢复密钥找回访问权限：在终端中运行“liaison recover --profile {path}”。档案未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="78" />
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="79" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="88" />
        <source>If the system keyring is locked, unlock it and choose Retry. If the keyring was reset or the passphrase is lost, your recovery key restores access: choose Use recovery key and set a passphrase. Nothing in the profile was changed.</source>
        <translation>如果系统钥匙串已锁定，请先解锁再选择“重试”。如果钥匙串被重置或口令遗失，可用恢复密钥找回访问权限：选择“使用恢复密钥”并设置口令。档案未作任何改动。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="92" />
        <source>Use recovery &amp;key…</source>
        <translation>使用恢复密钥(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/open_failure_dialog.py" line="7" />
        <source>Use recovery key</source>
        <translation>使用恢复密钥</translation>
    </message>
</context>
<context>
    <name>OperationListModel</name>
    <message>
        <location filename="../../ui/operations_list/operations_model.py" line="51" />
        <source>{name} (closed)</source>
        <translation>{name}（已结束）</translation>
    </message>
    <message>
        <location filename="../../ui/operations_list/operations_model.py" line="56" />
        <source>Last activity {when}</source>
        <translation>最近活动 {when}</translation>
    </message>
    <message>
        <source>{name} (demo)</source>
        <translation>{name}（演示）</translation>
    </message>
    <message>
        <source>{count} unread</source>
        <translation>{count} 条未读</translation>
    </message>
    <message>
        <source>last activity {when}</source>
        <translation>最近活动 {when}</translation>
    </message>
    <message>
        <source>1 member</source>
        <translation>1 名成员</translation>
    </message>
    <message>
        <source>{count} members</source>
        <translation>{count} 名成员</translation>
    </message>
</context>
<context>
    <name>OperationsScreen</name>
    <message>
        <location filename="../../ui/operations_list/operations_screen.py" line="53" />
        <location filename="../../ui/operations_list/operations_screen.py" line="54" />
        <source>Operations</source>
        <extracomment>The chosen operation's channel record.</extracomment>
        <translation>行动</translation>
    </message>
    <message>
        <location filename="../../ui/operations_list/operations_screen.py" line="56" />
        <source>No operations yet</source>
        <translation>暂无行动</translation>
    </message>
    <message>
        <location filename="../../ui/operations_list/operations_screen.py" line="57" />
        <source>A coordinator will invite you. Operations you join appear here.</source>
        <translation>协调人会邀请您加入。您加入的行动将显示在这里。</translation>
    </message>
    <message>
        <source>&amp;New operation…</source>
        <translation>新建行动(&amp;N)…</translation>
    </message>
    <message>
        <source>New operation</source>
        <translation>新建行动</translation>
    </message>
    <message>
        <source>Operation name (you will be its coordinator):</source>
        <translation>行动名称（您将担任协调人）：</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>创建(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ProfileStatusBar</name>
    <message>
        <location filename="../../ui/main_window/status_bar.py" line="44" />
        <source>Profile: {path}</source>
        <translation>档案：{path}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status_bar.py" line="46" />
        <source>● No relay configured</source>
        <translation>● 未配置中继</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status_bar.py" line="47" />
        <source>● Connecting to relay…</source>
        <translation>● 正在连接中继…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status_bar.py" line="48" />
        <source>● Relay connected</source>
        <translation>● 已连接中继</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status_bar.py" line="49" />
        <source>● Relay unreachable: messages wait in the outbox</source>
        <translation>● 无法连接中继：消息在发件箱中等待</translation>
    </message>
    <message>
        <source>Outbox: {count}</source>
        <translation>发件箱：{count}</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="51" />
        <source>Your recovery key</source>
        <translation>您的恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="52" />
        <source>Shown only this once. Write it down now.</source>
        <translation>仅显示这一次，请立即抄写下来。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="54" />
        <source>If this computer's keyring is reset or you forget your passphrase, this key is the only way to open your profile again. Write it on paper and keep it somewhere safe and offline, like your other credentials. Nobody, including your administrator, can show it to you again.</source>
        <translation>如果本机的钥匙串被重置或您忘记了口令，这个密钥是重新打开档案的唯一方式。请把它写在纸上，像保管其他证件一样离线妥善保存。任何人（包括管理员）都无法再次向您显示它。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="58" />
        <source>I have &amp;stored my recovery key safely</source>
        <translation>我已妥善保存恢复密钥(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="59" />
        <source>I have stored my recovery key safely</source>
        <translation>我已妥善保存恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="60" />
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_page.py" line="73" />
        <source>Store the recovery key and tick the box first: it cannot be shown again.</source>
        <translation>请先保存恢复密钥并勾选此框：它无法再次显示。</translation>
    </message>
</context>
<context>
    <name>RelayPage</name>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="73" />
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="74" />
        <source>Where encrypted messages are exchanged with your colleagues.</source>
        <translation>与同事交换加密消息的服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="76" />
        <source>Your administrator gives you the relay address, an enrollment token and, for a private certificate authority, its CA file. Leave the relay address empty to use Liaison on this computer only for now.</source>
        <translation>管理员会向您提供中继地址、注册令牌，以及（使用私有证书颁发机构时的）CA 文件。如暂时只在本机使用 Liaison，请将中继地址留空。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="79" />
        <source>Relay &amp;address (optional)</source>
        <translation>中继地址（可选）(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="80" />
        <source>Pinned &amp;CA certificate (optional)</source>
        <translation>固定的 CA 证书（可选）(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="81" />
        <source>Enrollment &amp;token</source>
        <translation>注册令牌(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="83" />
        <source>PEM file, e.g. relay-ca.pem</source>
        <translation>PEM 文件，例如 relay-ca.pem</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="84" />
        <source>Required with a relay address</source>
        <translation>填写中继地址时必填</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="85" />
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="86" />
        <source>Relay address</source>
        <translation>中继地址</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="87" />
        <source>Pinned CA certificate file</source>
        <translation>固定的 CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="88" />
        <source>Choose CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="89" />
        <source>Enrollment token</source>
        <translation>注册令牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="124" />
        <source>Enter the relay address that goes with the token and CA file.</source>
        <translation>请填写与令牌和 CA 文件对应的中继地址。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="128" />
        <source>The relay address must look like https://relay.example.gov</source>
        <translation>中继地址格式应为 https://relay.example.gov</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="130" />
        <source>Use https:// for a relay on another computer.</source>
        <translation>其他计算机上的中继请使用 https://。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="132" />
        <source>Enter the enrollment token from your administrator.</source>
        <translation>请输入管理员提供的注册令牌。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="135" />
        <source>The CA certificate file does not exist: {path}</source>
        <translation>CA 证书文件不存在：{path}</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="100" />
        <source>Welcome to Liaison</source>
        <translation>欢迎使用 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="101" />
        <source>First, the relay where encrypted messages are exchanged with your colleagues.</source>
        <translation>首先，设置与同事交换加密消息的中继服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="103" />
        <source>Your administrator gives you the relay address, an enrollment token and, for a private certificate authority, its CA file. The token was issued for your agency: Liaison asks the relay which one before going on. Leave the relay address empty to use Liaison on this computer only for now.</source>
        <translation>管理员会给您中继服务器地址、注册令牌，如使用私有证书颁发机构，还会给您其 CA 文件。令牌是为您的机构签发的：继续之前，Liaison 会向中继服务器询问是哪个机构。如暂时只在本机使用 Liaison，请将中继服务器地址留空。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="119" />
        <source>No enrollment token yet? Look around a demo workspace first: invented colleagues on a relay that runs on this computer only. Your own profile is not created and nothing leaves this computer.</source>
        <translation>还没有注册令牌？可以先看看演示工作区：虚构的同事，中继服务器只在本机运行。不会创建您自己的档案，也不会有任何内容离开本机。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="122" />
        <source>Try a &amp;demo workspace</source>
        <translation>试用演示工作区(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/relay_page.py" line="43" />
        <source>Try a demo workspace</source>
        <translation>试用演示工作区</translation>
    </message>
</context>
<context>
    <name>SecurityPage</name>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="61" />
        <location filename="../../ui/wizard/security_page.py" line="68" />
        <source>Protect this profile</source>
        <translation>保护此档案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="62" />
        <source>Choose a passphrase to unlock Liaison on this computer.</source>
        <translation>设置一个口令，用于在本机解锁 Liaison。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="64" />
        <source>No usable system keyring was found ({reason}), so your messages are encrypted under a key protected by a passphrase you choose. You will type it each time Liaison starts.</source>
        <translation>未找到可用的系统钥匙串（{reason}），因此您的消息将用一个由您所选口令保护的密钥加密。每次启动 Liaison 时都需要输入该口令。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="69" />
        <source>Your key stays in this computer's keyring.</source>
        <translation>您的密钥保存在本机的钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="71" />
        <source>The key that encrypts your messages on this computer will be kept in the system keyring, unlocked with your login. Liaison will open without asking for a passphrase.</source>
        <translation>本机上加密您消息的密钥将保存在系统钥匙串中，随您登录而解锁。Liaison 打开时无需输入口令。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="74" />
        <source>&amp;Passphrase</source>
        <translation>口令(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="75" />
        <source>&amp;Repeat passphrase</source>
        <translation>再次输入口令(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="77" />
        <source>At least 12 characters. Several unrelated words are easy to remember and hard to guess.</source>
        <translation>至少 12 个字符。几个互不相关的词语既好记又难猜。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="79" />
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="80" />
        <source>Repeat passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="90" />
        <source>Choose a passphrase.</source>
        <translation>请设置口令。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/security_page.py" line="94" />
        <source>The two passphrases do not match.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>this computer offers no system keyring</source>
        <translation>此计算机没有系统密钥环</translation>
    </message>
    <message>
        <source>the keyring {backend} keeps secrets in plain files</source>
        <translation>密钥环 {backend} 以明文文件保存机密</translation>
    </message>
    <message>
        <source>the keyring {backend} is not suitable</source>
        <translation>密钥环 {backend} 不适用</translation>
    </message>
</context>
<context>
    <name>ServiceOp</name>
    <message>
        <location filename="../../ui/operations.py" line="217" />
        <source>Please wait</source>
        <extracomment>Emitted on the GUI thread after the success or failure callback ran.</extracomment>
        <translation>请稍候</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="248" />
        <source>An unexpected error occurred ({kind}). Details are in the log.</source>
        <translation>发生意外错误（{kind}），详情见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="256" />
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Close settings</source>
        <translation>关闭设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="78" />
        <location filename="../../ui/settings/settings_dialog.py" line="79" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="80" />
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="81" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="82" />
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="84" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="85" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="86" />
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="87" />
        <source>Colour theme</source>
        <translation>配色主题</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="88" />
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="101" />
        <source>This language could not be loaded: {reason}</source>
        <translation>无法加载该语言：{reason}</translation>
    </message>
</context>
<context>
    <name>TimelineScreen</name>
    <message>
        <location filename="../../ui/timeline/timeline_screen.py" line="46" />
        <location filename="../../ui/timeline/timeline_screen.py" line="56" />
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../ui/timeline/timeline_screen.py" line="48" />
        <source>Your secure channel</source>
        <translation>您的安全频道</translation>
    </message>
    <message>
        <location filename="../../ui/timeline/timeline_screen.py" line="49" />
        <source>Messages of the operation you open appear here, end-to-end encrypted. Nothing to show yet.</source>
        <translation>您打开的行动的消息将显示在这里，全程端到端加密。目前还没有内容。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline/timeline_screen.py" line="54" />
        <source>No messages yet</source>
        <translation>暂无消息</translation>
    </message>
    <message>
        <location filename="../../ui/timeline/timeline_screen.py" line="55" />
        <source>Messages in this operation appear here, end-to-end encrypted.</source>
        <translation>此行动中的消息将显示在这里，全程端到端加密。</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Demonstration operation: not real traffic</source>
        <translation>演示行动：并非真实通信</translation>
    </message>
    <message>
        <source>Demonstration operation</source>
        <translation>演示行动</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>保存附件</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Downloading and decrypting…</source>
        <translation>正在下载并解密…</translation>
    </message>
    <message>
        <source>This operation was closed on {date}. No more messages or reports can be sent to it.</source>
        <translation>此行动已于 {date} 关闭。不能再向其发送消息或报告。</translation>
    </message>
    <message>
        <source>Its messages on this computer will be deleted on {date}.</source>
        <translation>本机上该行动的消息将于 {date} 删除。</translation>
    </message>
    <message>
        <source>You were removed from this operation by {name} on {date}. What was sent until then stays here, read-only.</source>
        <translation>{name} 于 {date} 将您移出了此行动。此前发送的内容仍保留在这里，只读。</translation>
    </message>
    <message>
        <source>You are no longer a member of this operation. What was sent until then stays here, read-only.</source>
        <translation>您已不再是此行动的成员。此前发送的内容仍保留在这里，只读。</translation>
    </message>
    <message>
        <source>This message is no longer on this computer.</source>
        <translation>此消息已不在本计算机上。</translation>
    </message>
    <message>
        <source>Sending again…</source>
        <translation>正在重新发送…</translation>
    </message>
    <message>
        <source>Delete this unsent message? It is removed from this computer and will not be sent.</source>
        <translation>删除这条未发送的消息？它将从本计算机中删除，且不会被发送。</translation>
    </message>
    <message>
        <source>It was already encrypted for the members: once your next message arrives, they see that one message from you is missing.</source>
        <translation>它已为各成员加密：当您的下一条消息送达时，他们会看到您有一条消息缺失。</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Message deleted.</source>
        <translation>消息已删除。</translation>
    </message>
    <message>
        <source>Upload cancelled</source>
        <translation>上传已取消</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit Liaison</source>
        <translation>退出 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="82" />
        <source>Unlock Liaison</source>
        <translation>解锁 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="83" />
        <source>Unlock your profile</source>
        <translation>解锁您的档案</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="85" />
        <source>&amp;Passphrase</source>
        <translation>口令(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="86" />
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="88" />
        <source>Forgotten it? Your recovery key restores access: run “liaison recover --profile {path}” in a terminal.</source>
        <translation>忘记了口令？可用恢复密钥找回访问权限：在终端中运行“liaison recover --profile {path}”。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="90" />
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="91" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="107" />
        <source>Enter your passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="114" />
        <source>Unlocking…</source>
        <translation>正在解锁…</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="105" />
        <source>Forgotten it? Your recovery key sets a new passphrase.</source>
        <translation>忘记了口令？可用恢复密钥设置新口令。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="106" />
        <source>Use &amp;recovery key…</source>
        <translation>使用恢复密钥(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/unlock_dialog.py" line="107" />
        <source>Use recovery key</source>
        <translation>使用恢复密钥</translation>
    </message>
</context>
<context>
    <name>MessageNotifier</name>
    <message numerus="yes">
        <location filename="../../ui/notifications/notifier.py" line="52" />
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n 条新消息</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/notifications/notifier.py" line="55" />
        <source>{sender} in {operation}</source>
        <translation>{sender}（{operation}）</translation>
    </message>
    <message>
        <location filename="../../ui/notifications/notifier.py" line="57" />
        <source>{text} (and {more} more)</source>
        <translation>{text}（另有 {more} 条）</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/lock/lock_screen.py" line="66" />
        <source>Liaison is locked</source>
        <translation>Liaison 已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/lock/lock_screen.py" line="68" />
        <source>Locked after a period without activity. Enter your passphrase to continue; messages keep arriving meanwhile.</source>
        <translation>长时间无操作，已自动锁定。请输入口令以继续；锁定期间消息仍会照常接收。</translation>
    </message>
    <message>
        <location filename="../../ui/lock/lock_screen.py" line="71" />
        <source>Locked after a period without activity. Unlock with your system keyring to continue; messages keep arriving meanwhile.</source>
        <translation>长时间无操作，已自动锁定。请通过系统密钥环解锁以继续；锁定期间消息仍会照常接收。</translation>
    </message>
    <message>
        <location filename="../../ui/lock/lock_screen.py" line="74" />
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../ui/lock/lock_screen.py" line="76" />
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/lock/lock_screen.py" line="77" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>This is the demo workspace. Its passphrase is published, and filled in for you: “{passphrase}”.</source>
        <translation>这是演示工作区。它的口令是公开的，已为您填好：“{passphrase}”。</translation>
    </message>
    <message>
        <source>Enter your passphrase to unlock.</source>
        <translation>请输入口令以解锁。</translation>
    </message>
</context>
<context>
    <name>RuntimeSection</name>
    <message>
        <source>Notify me of new messages</source>
        <translation>新消息通知</translation>
    </message>
    <message>
        <source>Show message text in notifications</source>
        <translation>在通知中显示消息内容</translation>
    </message>
    <message>
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>Notifications and lock</source>
        <translation>通知与锁定</translation>
    </message>
    <message>
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>&amp;Notify me of new messages when Liaison is in the background</source>
        <translation>Liaison 在后台时通知我新消息(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>Show the sender, operation and message &amp;text in notifications</source>
        <translation>在通知中显示发送人、行动名称和消息内容(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>&amp;Lock when idle</source>
        <translation>空闲时锁定(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>Lock when idle</source>
        <translation>空闲时锁定</translation>
    </message>
    <message>
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/settings/runtime_section.py" line="1" />
        <source>After %n minute(s)</source>
        <translation>
            <numerusform>%n 分钟后</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Write a message — Enter sends, Shift+Enter adds a line</source>
        <translation>输入消息 — 按 Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>&amp;Attach…</source>
        <translation>附件(&amp;A)…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Waiting to encrypt {name}…</source>
        <translation>等待加密 {name}…</translation>
    </message>
    <message>
        <source>Encrypting {name}… {percent} %</source>
        <translation>正在加密 {name}… {percent}%</translation>
    </message>
    <message>
        <source>Uploading {name}… {percent} %</source>
        <translation>正在上传 {name}… {percent}%</translation>
    </message>
    <message>
        <source>Re&amp;port…</source>
        <translation>报告(&amp;P)…</translation>
    </message>
    <message>
        <source>New report</source>
        <translation>新建报告</translation>
    </message>
    <message>
        <source>Warning, feedback or seizure report (Ctrl+Shift+R)</source>
        <translation>预警、反馈或查获报告 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel this upload</source>
        <translation>取消此上传</translation>
    </message>
    <message>
        <source>Upload cancelled: {name} was not sent.</source>
        <translation>上传已取消：{name} 未发送。</translation>
    </message>
    <message>
        <source>Cancelling {name}…</source>
        <translation>正在取消 {name}…</translation>
    </message>
</context>
<context>
    <name>DirectoryListModel</name>
    <message>
        <source>this device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <source>already a member</source>
        <translation>已是成员</translation>
    </message>
    <message>
        <source>⚠ KEY CHANGED</source>
        <translation>⚠ 密钥已更改</translation>
    </message>
    <message>
        <source>⚠ name failed verification</source>
        <translation>⚠ 名称未通过验证</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the invitation</source>
        <translation>取消邀请</translation>
    </message>
    <message>
        <source>The relay directory could not be read: {reason} Retry, or enter a device ID below.</source>
        <translation>无法读取中继目录：{reason} 请重试，或在下方输入设备 ID。</translation>
    </message>
    <message>
        <source>Loading the relay directory…</source>
        <translation>正在加载中继目录…</translation>
    </message>
    <message>
        <source>This profile has no relay directory: enter a device ID below.</source>
        <translation>此配置文件没有中继目录：请在下方输入设备 ID。</translation>
    </message>
    <message>
        <source>No enrolled officer matches "{search}".</source>
        <translation>没有与“{search}”匹配的已登记官员。</translation>
    </message>
    <message>
        <source>Officers enrolled on the relay: {count}</source>
        <translation>中继上已登记的官员：{count}</translation>
    </message>
    <message>
        <source>No officer is enrolled on the relay yet.</source>
        <translation>中继上尚无已登记的官员。</translation>
    </message>
    <message>
        <source>A device ID is 8 or more letters A–Z and digits 2–7, as shown in the officer's app.</source>
        <translation>设备 ID 由 8 个或更多字母 A–Z 和数字 2–7 组成，与对方应用中显示的一致。</translation>
    </message>
    <message>
        <source>Choose an officer from the list, or enter a device ID.</source>
        <translation>请从列表中选择一名官员，或输入设备 ID。</translation>
    </message>
    <message>
        <source>{name} is already in {operation}.</source>
        <translation>{name} 已在 {operation} 中。</translation>
    </message>
    <message>
        <source>This is your own device.</source>
        <translation>这是您自己的设备。</translation>
    </message>
    <message>
        <source>Invite to {operation}</source>
        <translation>邀请加入 {operation}</translation>
    </message>
    <message>
        <source>Choose the officer to invite from the relay directory. They join {operation} and see its messages from now on, not earlier ones.</source>
        <translation>从中继目录中选择要邀请的官员。对方将加入 {operation}，并可看到此后的消息，看不到之前的消息。</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>Name, agency or device ID</source>
        <translation>姓名、机构或设备 ID</translation>
    </message>
    <message>
        <source>Search the relay directory</source>
        <translation>搜索中继目录</translation>
    </message>
    <message>
        <source>Officers enrolled on the relay</source>
        <translation>中继上已登记的官员</translation>
    </message>
    <message>
        <source>Loading the relay directory</source>
        <translation>正在加载中继目录</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Read the relay directory again</source>
        <translation>重新读取中继目录</translation>
    </message>
    <message>
        <source>Not listed? Enter the device ID the officer reads to you (shown under "This device" in their app).</source>
        <translation>不在列表中？请输入对方告诉您的设备 ID（显示在其应用的“本设备”下）。</translation>
    </message>
    <message>
        <source>&amp;Device ID:</source>
        <translation>设备 ID(&amp;D)：</translation>
    </message>
    <message>
        <source>Display &amp;name:</source>
        <translation>显示名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Device ID</source>
        <translation>设备 ID</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Optional: how members see them</source>
        <translation>可选：成员看到的名称</translation>
    </message>
    <message>
        <source>&amp;Next…</source>
        <translation>下一步(&amp;N)…</translation>
    </message>
    <message>
        <source>Review the invitation</source>
        <translation>检查邀请</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>返回(&amp;B)</translation>
    </message>
    <message>
        <source>Choose another officer</source>
        <translation>选择其他官员</translation>
    </message>
    <message>
        <source>&amp;Invite</source>
        <translation>邀请(&amp;I)</translation>
    </message>
    <message>
        <source>Send the invitation</source>
        <translation>发送邀请</translation>
    </message>
    <message>
        <source>Invite {name} ({agency}) to {operation}?</source>
        <translation>邀请 {name}（{agency}）加入 {operation}？</translation>
    </message>
    <message>
        <source>Device: {device_id}
Key: {fingerprint}

{name} will see the messages of {operation} sent from now on. The name is the one their device signed: compare safety numbers with them to be sure the key is theirs.</source>
        <translation>设备：{device_id}
密钥：{fingerprint}

{name} 将看到 {operation} 此后发送的消息。该名称由其设备签名：请与对方核对安全码，以确认密钥属于对方。</translation>
    </message>
    <message>
        <source>Invite {name} to {operation}?</source>
        <translation>邀请 {name} 加入 {operation}？</translation>
    </message>
    <message>
        <source>Device: {device_id}

This device is not in the relay directory as loaded; its agency is the one it was enrolled for. They will see the messages of {operation} sent from now on. Compare safety numbers with them to be sure the key is theirs.</source>
        <translation>设备：{device_id}

此设备不在已加载的中继目录中；其机构为登记时的机构。对方将看到 {operation} 此后发送的消息。请与对方核对安全码，以确认密钥属于对方。</translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>&amp;Verify…</source>
        <translation>验证(&amp;V)…</translation>
    </message>
    <message>
        <source>Verify the selected member</source>
        <translation>验证所选成员</translation>
    </message>
    <message>
        <source>I&amp;nvite…</source>
        <translation>邀请(&amp;N)…</translation>
    </message>
    <message>
        <source>Invite an officer</source>
        <translation>邀请一名关员</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>Remove the selected member</source>
        <translation>移除所选成员</translation>
    </message>
</context>
<context>
    <name>MembersScreen</name>
    <message>
        <source>Inviting…</source>
        <translation>正在邀请…</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>移除成员</translation>
    </message>
    <message>
        <source>Remove {name} ({agency}) from {operation}? They keep what they already received but cannot read anything sent from now on.</source>
        <translation>将 {name}（{agency}）移出 {operation}？对方保留已收到的内容，但无法阅读此后发送的任何消息。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>正在移除…</translation>
    </message>
    <message>
        <source>Membership change queued: {why}</source>
        <translation>成员变更已排队：{why}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>MemberListModel</name>
    <message>
        <source>this device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <source>⚠ KEY CHANGED — verify again</source>
        <translation>⚠ 密钥已变更 — 请重新验证</translation>
    </message>
    <message>
        <source>⛔ revoked by the relay's administrator</source>
        <translation>⛔ 已被中继管理员吊销</translation>
    </message>
    <message>
        <source>✓ verified</source>
        <translation>✓ 已验证</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>未验证</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调人</translation>
    </message>
    <message>
        <source>member</source>
        <translation>成员</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search this operation (Enter)</source>
        <translation>搜索此行动（按 Enter）</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>No messages match.</source>
        <translation>没有匹配的消息。</translation>
    </message>
    <message>
        <source>1 message matches; Enter or click to jump.</source>
        <translation>1 条消息匹配；按 Enter 或单击跳转。</translation>
    </message>
    <message>
        <source>{count} messages match; Enter or click to jump.</source>
        <translation>{count} 条消息匹配；按 Enter 或单击跳转。</translation>
    </message>
    <message>
        <source>Search every operation</source>
        <translation>搜索全部行动</translation>
    </message>
    <message>
        <source>Search this operation</source>
        <translation>搜索此行动</translation>
    </message>
    <message>
        <source>All &amp;operations</source>
        <translation>全部行动(&amp;O)</translation>
    </message>
    <message>
        <source>Search all operations</source>
        <translation>搜索全部行动</translation>
    </message>
    <message>
        <source>{sender}, {time}</source>
        <translation>{sender}，{time}</translation>
    </message>
    <message>
        <source>{sender}, {time}, in {operation}</source>
        <translation>{sender}，{time}，在{operation}中</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>{sender} · {time} · {state}</source>
        <translation>{sender} · {time} · {state}</translation>
    </message>
    <message>
        <source>{size} · Ctrl+S saves it</source>
        <translation>{size} · 按 Ctrl+S 保存</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>not sent: the relay refused it</source>
        <translation>未发送：中继拒绝接收</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>A message from {sender} is missing</source>
        <translation>缺少一条来自 {sender} 的消息</translation>
    </message>
    <message>
        <source>{count} messages from {sender} are missing</source>
        <translation>缺少 {count} 条来自 {sender} 的消息</translation>
    </message>
    <message>
        <source>{sender}'s device had not yet seen the removal of {member}: the message was refused (that device sends it again once it has seen the change)</source>
        <translation>{sender} 的设备尚未收到移除 {member} 的变更：该消息已被拒绝（该设备收到此变更后会重新发送）</translation>
    </message>
    <message>
        <source>{sender}'s device had not yet seen the addition of {member}: the message was refused (that device sends it again once it has seen the change)</source>
        <translation>{sender} 的设备尚未收到添加 {member} 的变更：该消息已被拒绝（该设备收到此变更后会重新发送）</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>Refused message from {sender}: {reason}</source>
        <translation>已拒收来自 {sender} 的消息：{reason}</translation>
    </message>
    <message>
        <source>{sender}, {agency}, {time}</source>
        <translation>{sender}，{agency}，{time}</translation>
    </message>
    <message>
        <source>attachment {name}, {size}</source>
        <translation>附件 {name}，{size}</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>{event} · {time}</source>
        <translation>{event} · {time}</translation>
    </message>
    <message>
        <source>{event}, {time}</source>
        <translation>{event}，{time}</translation>
    </message>
    <message>
        <source>Reply to a message that is not on this computer</source>
        <translation>回复一条不在本计算机上的消息</translation>
    </message>
    <message>
        <source>Reply to {sender}: {excerpt}</source>
        <translation>回复 {sender}：{excerpt}</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>New messages</source>
        <translation>新消息</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Mark as verified</source>
        <translation>标记为已验证</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Verify {name}</source>
        <translation>验证 {name}</translation>
    </message>
    <message>
        <source>{name} · {agency}</source>
        <translation>{name} · {agency}</translation>
    </message>
    <message>
        <source>Compare this safety number with {name}, in person or on a call you trust, or scan each other's code. If every digit matches, no one is in between.</source>
        <translation>请与 {name} 当面或通过可信的通话核对此安全码，或互相扫描二维码。若每一位数字都一致，则中间没有第三方。</translation>
    </message>
    <message>
        <source>Safety number</source>
        <translation>安全码</translation>
    </message>
    <message>
        <source>QR code of the safety number</source>
        <translation>安全码二维码</translation>
    </message>
    <message>
        <source>⚠ {name}'s key has CHANGED since you last saw it. Compare the new number before trusting any message.</source>
        <translation>⚠ {name} 的密钥自上次以来已变更。在信任任何消息之前，请核对新的安全码。</translation>
    </message>
    <message>
        <source>✓ Verified</source>
        <translation>✓ 已验证</translation>
    </message>
    <message>
        <source>Not verified yet</source>
        <translation>尚未验证</translation>
    </message>
    <message>
        <source>&amp;Mark as verified</source>
        <translation>标记为已验证(&amp;M)</translation>
    </message>
    <message>
        <source>Or paste (Ctrl+V) or drop a picture of their code to compare it.</source>
        <translation>或粘贴（Ctrl+V）或拖入对方二维码的图片进行比对。</translation>
    </message>
    <message>
        <source>✓ Their code shows this very number.</source>
        <translation>✓ 对方的二维码显示的正是这个号码。</translation>
    </message>
    <message>
        <source>✗ Their code shows a DIFFERENT number: do not verify. Someone may be in between.</source>
        <translation>✗ 对方的二维码显示的是另一个号码：请勿验证。可能有人在中间拦截。</translation>
    </message>
    <message>
        <source>That QR code is not a Liaison safety number.</source>
        <translation>该二维码不是 Liaison 安全码。</translation>
    </message>
    <message>
        <source>No QR code could be read in that picture.</source>
        <translation>无法从该图片中读取二维码。</translation>
    </message>
    <message>
        <source>Compare this safety number with {name}, in person or on a call you trust, or let their Liaison read your code. If every digit matches, no one is in between.</source>
        <translation>请与 {name} 当面或通过您信任的通话核对此安全码，或让对方的 Liaison 读取您的二维码。如果每一位数字都一致，就没有人在中间拦截。</translation>
    </message>
    <message>
        <source>&amp;Paste their code</source>
        <translation>粘贴对方的二维码(&amp;P)</translation>
    </message>
    <message>
        <source>Paste a picture of their code</source>
        <translation>粘贴对方二维码的图片</translation>
    </message>
    <message>
        <source>&amp;I compared all 60 digits with {name}</source>
        <translation>我已与 {name} 核对全部 60 位数字(&amp;I)</translation>
    </message>
    <message>
        <source>I compared all 60 digits</source>
        <translation>我已核对全部 60 位数字</translation>
    </message>
    <message>
        <source>&amp;Mark as verified…</source>
        <translation>标记为已验证(&amp;M)…</translation>
    </message>
    <message>
        <source>Mark as &amp;not verified</source>
        <translation>标记为未验证(&amp;N)</translation>
    </message>
    <message>
        <source>Mark as not verified</source>
        <translation>标记为未验证</translation>
    </message>
    <message>
        <source>Confirm: mark as verified</source>
        <translation>确认：标记为已验证</translation>
    </message>
    <message>
        <source>Mark {name} as verified?</source>
        <translation>将 {name} 标记为已验证？</translation>
    </message>
    <message>
        <source>their QR code, read from a picture, shows the same 60 digits</source>
        <translation>从图片读取的对方二维码显示的是相同的 60 位数字</translation>
    </message>
    <message>
        <source>you compared all 60 digits with {name} yourself</source>
        <translation>您已亲自与 {name} 核对全部 60 位数字</translation>
    </message>
    <message>
        <source>You confirm that {how}: {number}.

Liaison will trust this key of {name} ({agency}) and note your decision in the timeline of every operation you share. You can mark them as not verified later.</source>
        <translation>您确认{how}：{number}。

Liaison 将信任 {name}（{agency}）的这个密钥，并在你们共同参与的每个行动的时间线中记录您的决定。您以后可以将其标记为未验证。</translation>
    </message>
    <message>
        <source>What you confirm</source>
        <translation>您确认的内容</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>返回(&amp;B)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Plain http:// is only for a relay on this computer; a relay on another computer needs https:// ({suggested}).</source>
        <translation>明文 http:// 仅用于本机上的中继；其他计算机上的中继必须使用 https://（{suggested}）。</translation>
    </message>
    <message>
        <source>Your IT department allows only these agencies: {agencies}.</source>
        <translation>您的 IT 部门只允许以下机构：{agencies}。</translation>
    </message>
    <message>
        <source>Your IT department requires the OS keyring to keep the database key; a passphrase-protected key is not allowed.</source>
        <translation>您的 IT 部门要求使用操作系统密钥环保存数据库密钥，不允许使用口令保护的密钥。</translation>
    </message>
    <message>
        <source>Use at least {count} characters: your IT department's rule.</source>
        <translation>请至少使用 {count} 个字符：这是您的 IT 部门的规定。</translation>
    </message>
    <message>
        <source>Your IT department set this ({key}: {value}); it cannot be changed here.</source>
        <translation>此项由您的 IT 部门设置（{key}：{value}），此处不可更改。</translation>
    </message>
    <message>
        <source>The relay cannot be reached. Check your network connection; messages wait in the outbox and go out when the relay is back.</source>
        <translation>无法连接到中继服务器。请检查网络连接；消息会保留在发件箱中，待中继恢复后发出。</translation>
    </message>
    <message>
        <source>The relay's certificate is not trusted: the pinned CA certificate does not match, or something is posing as the relay. Nothing was sent.</source>
        <translation>中继服务器的证书不受信任：与固定的 CA 证书不符，或有人冒充中继服务器。未发送任何内容。</translation>
    </message>
    <message>
        <source>The relay refused the enrollment token: it is wrong, already used or expired. Ask your administrator for a new one.</source>
        <translation>中继拒绝了注册令牌：令牌有误、已被使用或已过期。请向管理员索取新的令牌。</translation>
    </message>
    <message>
        <source>This enrollment token was issued for another agency. Enter the agency exactly as your relay administrator enrolled it ({detail}). The token was not used up.</source>
        <translation>此注册令牌是为另一个机构签发的。请按中继管理员登记时的写法准确填写机构名称（{detail}）。该令牌尚未被使用。</translation>
    </message>
    <message>
        <source>This message is {size} KiB; a message can hold at most {limit} KiB of text. Send the text as a file instead. Nothing was sent.</source>
        <translation>此消息为 {size} KiB；一条消息最多只能包含 {limit} KiB 的文字。请改为以文件形式发送。未发送任何内容。</translation>
    </message>
    <message>
        <source>The relay is receiving too many requests from this device. Wait a moment and try again.</source>
        <translation>中继收到来自本设备的请求过多。请稍候再试。</translation>
    </message>
    <message>
        <source>Your attachments still waiting on the relay fill this device's quota. The file was not sent; space comes back as older attachments expire.</source>
        <translation>本设备在中继上尚未过期的附件已占满配额。文件未发送；较早的附件过期后会释放空间。</translation>
    </message>
    <message>
        <source>The relay is low on disk space and accepts no attachments now. The file was not sent; tell your relay administrator.</source>
        <translation>中继磁盘空间不足，目前不接受附件。文件未发送；请告知中继管理员。</translation>
    </message>
    <message>
        <source>The relay answered in a form this version of Liaison does not understand. Check the relay address.</source>
        <translation>中继的应答格式无法被此版本的 Liaison 识别。请检查中继地址。</translation>
    </message>
    <message>
        <source>The relay offered a key its device did not sign. The key was refused; tell your administrator.</source>
        <translation>中继提供了一个未经其设备签名的密钥。该密钥已被拒绝；请告知管理员。</translation>
    </message>
    <message>
        <source>The relay address must look like https://relay.example.gov (http:// only for a relay on this computer).</source>
        <translation>中继地址应形如 https://relay.example.gov（仅本机上的中继可使用 http://）。</translation>
    </message>
    <message>
        <source>The CA certificate file cannot be read or is not a PEM certificate.</source>
        <translation>无法读取 CA 证书文件，或该文件不是 PEM 证书。</translation>
    </message>
    <message>
        <source>This relay does not know this device. Enter the relay you registered with, or ask your administrator.</source>
        <translation>该中继不认识本设备。请输入您注册时使用的中继，或咨询管理员。</translation>
    </message>
    <message>
        <source>Wrong passphrase: nothing was unlocked.</source>
        <translation>口令错误：未解锁任何内容。</translation>
    </message>
    <message>
        <source>That recovery key does not belong to this profile.</source>
        <translation>该恢复密钥不属于此档案。</translation>
    </message>
    <message>
        <source>The disk is full: nothing was written and nothing was lost. Free some space and try again.</source>
        <translation>磁盘已满：未写入任何内容，也未丢失任何内容。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The disk is too full to open this profile. Nothing was changed; free some space and try again.</source>
        <translation>磁盘已满，无法打开此档案。未作任何更改；请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>This profile's database is truncated: part of the file is missing. Nothing was changed; restore the profile from a backup.</source>
        <translation>此档案的数据库已被截断：文件缺少一部分。未作任何更改；请从备份恢复此档案。</translation>
    </message>
    <message>
        <source>This profile's database is damaged: a part of it fails its authentication check. Nothing was changed; restore the profile from a backup.</source>
        <translation>此档案的数据库已损坏：其中一部分未通过认证校验。未作任何更改；请从备份恢复此档案。</translation>
    </message>
    <message>
        <source>This profile is already open in another Liaison window or command.</source>
        <translation>此档案已在另一个 Liaison 窗口或命令中打开。</translation>
    </message>
    <message>
        <source>Only the operation's coordinator can change its members.</source>
        <translation>只有行动的协调人才能更改其成员。</translation>
    </message>
    <message>
        <source>The identity key of {name} ({device_id}) has changed. Compare safety numbers before sending to them.</source>
        <translation>{name}（{device_id}）的身份密钥已变更。向其发送消息前，请先核对安全码。</translation>
    </message>
    <message>
        <source>No device with the id {device_id} is known. Check the id with its owner.</source>
        <translation>没有已知的设备 ID 为 {device_id}。请与设备所有者核对该 ID。</translation>
    </message>
    <message>
        <source>A received message was refused: it failed a security check and was not kept.</source>
        <translation>收到的一条消息被拒收：它未通过安全检查，未予保存。</translation>
    </message>
    <message>
        <source>The key for a received message has not arrived yet. The message is kept and shown when its key arrives.</source>
        <translation>收到的一条消息的密钥尚未到达。该消息已保留，密钥到达后即会显示。</translation>
    </message>
    <message>
        <source>There is no secure session with the device {device_id} yet. Synchronise with the relay and try again.</source>
        <translation>尚未与设备 {device_id} 建立安全会话。请与中继同步后重试。</translation>
    </message>
    <message>
        <source>The key offered for the device {device_id} is not signed by it. The key was refused and no session was started; tell your administrator.</source>
        <translation>为设备 {device_id} 提供的密钥并非由该设备签名。该密钥已被拒绝，未建立会话；请告知管理员。</translation>
    </message>
    <message>
        <source>The downloaded file is not the one the message describes (damaged or tampered with). Nothing was saved.</source>
        <translation>下载的文件与消息所描述的不符（已损坏或被篡改）。未保存任何内容。</translation>
    </message>
    <message>
        <source>The minisign key or signature could not be used.</source>
        <translation>无法使用该 minisign 密钥或签名。</translation>
    </message>
    <message>
        <source>The published update {offered} is older than the installed {installed}: refused as a rollback.</source>
        <translation>发布的更新 {offered} 早于已安装的 {installed}：作为回滚被拒绝。</translation>
    </message>
    <message>
        <source>No update source is configured: ask IT to set update_source and update_publisher_key.</source>
        <translation>未配置更新来源：请联系 IT 设置 update_source 和 update_publisher_key。</translation>
    </message>
    <message>
        <source>{file} is not a valid minisign key or signature file: it is damaged or truncated ({detail}).</source>
        <translation>{file} 不是有效的 minisign 密钥或签名文件：文件已损坏或不完整（{detail}）。</translation>
    </message>
    <message>
        <source>{file} uses a signature algorithm Liaison does not support ({algorithm}).</source>
        <translation>{file} 使用了 Liaison 不支持的签名算法（{algorithm}）。</translation>
    </message>
    <message>
        <source>The secret key {file} is protected by a password: sign with the minisign tool, or use a key made with “minisign -G -W”.</source>
        <translation>私钥 {file} 受密码保护：请使用 minisign 工具签名，或使用以“minisign -G -W”生成的密钥。</translation>
    </message>
    <message>
        <source>{file} was signed with the key {signature_key_id}, not with the public key given ({public_key_id}).</source>
        <translation>{file} 由密钥 {signature_key_id} 签名，而不是所提供的公钥（{public_key_id}）。</translation>
    </message>
    <message>
        <source>The signature {signature} does not match {file}: the file or its signature was changed after signing.</source>
        <translation>签名 {signature} 与 {file} 不符：文件或其签名在签名后被更改。</translation>
    </message>
    <message>
        <source>The trusted comment in {signature} was changed after signing.</source>
        <translation>{signature} 中的可信注释在签名后被更改。</translation>
    </message>
    <message>
        <source>The watch-list change could not be made.</source>
        <translation>无法完成监控清单的更改。</translation>
    </message>
    <message>
        <source>This value is not valid for its kind.</source>
        <translation>该值不符合其类型的要求。</translation>
    </message>
    <message>
        <source>“{kind}” is not a watch-list kind: use container, hs, imo, awb, company or keyword.</source>
        <translation>“{kind}”不是监控清单条目类型：请使用 container、hs、imo、awb、company 或 keyword。</translation>
    </message>
    <message>
        <source>The {kind} value is empty.</source>
        <translation>{kind} 的值为空。</translation>
    </message>
    <message>
        <source>{value}: the check digit should be {expected}.</source>
        <translation>{value}：校验位应为 {expected}。</translation>
    </message>
    <message>
        <source>{value} is not a container number: 3 owner-code letters, the category U, J or Z, 6 digits and a check digit, e.g. CSQU3054383.</source>
        <translation>{value} 不是有效的集装箱号：应为 3 位箱主代码字母、类别 U、J 或 Z、6 位数字和 1 位校验位，例如 CSQU3054383。</translation>
    </message>
    <message>
        <source>{value} is not a ship IMO number: 7 digits, optionally after “IMO”, e.g. IMO 9074729.</source>
        <translation>{value} 不是有效的船舶 IMO 编号：应为 7 位数字（可带“IMO”前缀），例如 IMO 9074729。</translation>
    </message>
    <message>
        <source>{value} is not an air waybill number: a 3-digit airline prefix and 8 digits ending in the check digit, e.g. 176-12345675.</source>
        <translation>{value} 不是有效的航空运单号：应为 3 位航空公司代码加 8 位数字（末位为校验位），例如 176-12345675。</translation>
    </message>
    <message>
        <source>{value} is not an HS code: 2, 4, 6, 8 or 10 digits, e.g. 3915.10.</source>
        <translation>{value} 不是有效的 HS 编码：应为 2、4、6、8 或 10 位数字，例如 3915.10。</translation>
    </message>
    <message>
        <source>Chapter {chapter} is for national use and is not part of the Harmonized System.</source>
        <translation>第 {chapter} 章供各国自行使用，不属于协调制度（HS）。</translation>
    </message>
    <message>
        <source>HS code {display} does not exist in {edition}.</source>
        <translation>HS 编码 {display} 在 {edition} 中不存在。</translation>
    </message>
    <message>
        <source>HS chapter {display} does not exist in {edition}.</source>
        <translation>HS 第 {display} 章在 {edition} 中不存在。</translation>
    </message>
    <message>
        <source>HS heading {display} does not exist in {edition}.</source>
        <translation>HS 品目 {display} 在 {edition} 中不存在。</translation>
    </message>
    <message>
        <source>HS subheading {display} does not exist in {edition}.</source>
        <translation>HS 子目 {display} 在 {edition} 中不存在。</translation>
    </message>
    <message>
        <source>{value} is not an EORI number: an EU, GB or XI country code and up to 15 letters or digits, e.g. GB123456789000.</source>
        <translation>{value} 不是有效的 EORI 号码：应为欧盟成员国、GB 或 XI 国家代码加最多 15 位字母或数字，例如 GB123456789000。</translation>
    </message>
    <message>
        <source>{value} is not a unified social credit code: 18 digits and capital letters (no I, O, S, V, Z), e.g. 91110000600037341L.</source>
        <translation>{value} 不是有效的统一社会信用代码：应为 18 位数字和大写字母（不含 I、O、S、V、Z），例如 91110000600037341L。</translation>
    </message>
    <message>
        <source>A USCC or EORI belongs to a company entry, not to {kind}.</source>
        <translation>统一社会信用代码和 EORI 只能用于企业条目，不能用于 {kind}。</translation>
    </message>
    <message>
        <source>The expiry date {value} must be written YYYY-MM-DD.</source>
        <translation>到期日期 {value} 应写作 YYYY-MM-DD。</translation>
    </message>
    <message>
        <source>At most {limit} tags of at most {length} characters each.</source>
        <translation>最多 {limit} 个标签，每个标签最多 {length} 个字符。</translation>
    </message>
    <message>
        <source>The note is longer than {limit} characters.</source>
        <translation>备注超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>{value} is already on line {line} of this file.</source>
        <translation>{value} 已在本文件第 {line} 行出现。</translation>
    </message>
    <message>
        <source>This watch-list change was refused.</source>
        <translation>此监控清单更改被拒绝。</translation>
    </message>
    <message>
        <source>{value} is already listed in “{list}” (entry {entry_id}).</source>
        <translation>{value} 已列入“{list}”（条目 {entry_id}）。</translation>
    </message>
    <message>
        <source>There is no watch-list named “{list}”.</source>
        <translation>没有名为“{list}”的监控清单。</translation>
    </message>
    <message>
        <source>Watch-list “{list}” has no entry {entry_id}.</source>
        <translation>监控清单“{list}”中没有条目 {entry_id}。</translation>
    </message>
    <message>
        <source>Entry {entry_id} is retired and can no longer be changed.</source>
        <translation>条目 {entry_id} 已停用，不能再更改。</translation>
    </message>
    <message>
        <source>The entry id {entry_id} is already in use.</source>
        <translation>条目 ID {entry_id} 已被使用。</translation>
    </message>
    <message>
        <source>The coordinator has locked “{list}”: it is read-only.</source>
        <translation>协调人已锁定“{list}”：该清单为只读。</translation>
    </message>
    <message>
        <source>Device {device_id} was not a member of the operation when it made this change.</source>
        <translation>设备 {device_id} 做出此更改时不是该行动的成员。</translation>
    </message>
    <message>
        <source>Device {device_id} sent a change dated before its own earlier changes: it was refused.</source>
        <translation>设备 {device_id} 发送的更改早于其自身先前的更改，已被拒绝。</translation>
    </message>
    <message>
        <source>Only the operation's coordinator can lock or unlock a watch-list.</source>
        <translation>只有行动的协调人才能锁定或解锁监控清单。</translation>
    </message>
    <message>
        <source>A watch-list change arrived damaged and was ignored ({detail}).</source>
        <translation>收到的一项监控清单更改已损坏，已忽略（{detail}）。</translation>
    </message>
    <message>
        <source>A watch-list change by {device_id} was refused: it was made after that device was removed from the operation.</source>
        <translation>设备 {device_id} 的一项监控清单更改被拒绝：该更改是在此设备被移出行动之后作出的。</translation>
    </message>
    <message>
        <source>A copy of the watch-lists sent by a member arrived damaged and was ignored ({detail}).</source>
        <translation>成员发送的监控清单副本已损坏，已忽略（{detail}）。</translation>
    </message>
    <message>
        <source>A member's summary of its watch-list changes arrived damaged and was ignored ({detail}).</source>
        <translation>成员发送的监控清单更改摘要已损坏，已忽略（{detail}）。</translation>
    </message>
    <message>
        <source>{file} cannot be read as a CSV or Excel file ({detail}).</source>
        <translation>无法将 {file} 作为 CSV 或 Excel 文件读取（{detail}）。</translation>
    </message>
    <message>
        <source>The first row lacks the column(s) {missing}; expected {expected}.</source>
        <translation>首行缺少列 {missing}；应为 {expected}。</translation>
    </message>
    <message>
        <source>{count} row(s) are invalid, so nothing was imported. First: {first}</source>
        <translation>有 {count} 行无效，因此未导入任何内容。第一处：{first}</translation>
    </message>
    <message>
        <source>Column “{column}” cannot be mapped to “{target}”: check the column name and use container, hs, imo, awb, company or keyword.</source>
        <translation>无法将列“{column}”映射到“{target}”：请检查列名，并使用 container、hs、imo、awb、company 或 keyword。</translation>
    </message>
    <message>
        <source>The report could not be made.</source>
        <translation>无法生成报告。</translation>
    </message>
    <message>
        <source>“{kind}” is not a report kind: use warning, feedback or seizure.</source>
        <translation>“{kind}”不是报告类型：请使用 warning、feedback 或 seizure。</translation>
    </message>
    <message>
        <source>“{pair}” is not of the form NAME=VALUE.</source>
        <translation>“{pair}”不符合 名称=值 的格式。</translation>
    </message>
    <message>
        <source>Field {field} is not valid.</source>
        <translation>字段 {field} 无效。</translation>
    </message>
    <message>
        <source>Field {field}: a {kind} report has no such field; its fields are {known}.</source>
        <translation>字段 {field}：{kind} 报告没有此字段；其字段为 {known}。</translation>
    </message>
    <message>
        <source>Field {field}: required.</source>
        <translation>字段 {field}：必填。</translation>
    </message>
    <message>
        <source>Field {field}: takes one value, given more than once.</source>
        <translation>字段 {field}：只能填写一个值，但填写了多次。</translation>
    </message>
    <message>
        <source>Field {field}: at most {limit} values.</source>
        <translation>字段 {field}：最多 {limit} 个值。</translation>
    </message>
    <message>
        <source>Field {field}: {value} is given twice.</source>
        <translation>字段 {field}：{value} 重复填写。</translation>
    </message>
    <message>
        <source>Field {field}: empty.</source>
        <translation>字段 {field}：为空。</translation>
    </message>
    <message>
        <source>Field {field}: longer than {limit} characters.</source>
        <translation>字段 {field}：超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>Field {field}: contains control characters.</source>
        <translation>字段 {field}：包含控制字符。</translation>
    </message>
    <message>
        <source>Field {field}: “{value}” is not a date written YYYY-MM-DD.</source>
        <translation>字段 {field}：“{value}”不是 YYYY-MM-DD 格式的日期。</translation>
    </message>
    <message>
        <source>Field {field}: “{value}” is not a positive number such as 1250 or 12.5 (a point for decimals, no thousands separators).</source>
        <translation>字段 {field}：“{value}”不是正数，例如 1250 或 12.5（小数用小数点，不用千位分隔符）。</translation>
    </message>
    <message>
        <source>Field {field}: “{value}” is not a unit; use one of {units}.</source>
        <translation>字段 {field}：“{value}”不是计量单位；请使用以下之一：{units}。</translation>
    </message>
    <message>
        <source>Field {field}: “{value}” is not an outcome; use found or nothing_found.</source>
        <translation>字段 {field}：“{value}”不是查验结果；请使用 found 或 nothing_found。</translation>
    </message>
    <message>
        <source>Field {field}: “{value}” is not a message id.</source>
        <translation>字段 {field}：“{value}”不是消息 ID。</translation>
    </message>
    <message>
        <source>Field {field}: required when {other} is given.</source>
        <translation>字段 {field}：填写 {other} 时必须填写。</translation>
    </message>
    <message>
        <source>Field {field}: {problem}</source>
        <translation>字段 {field}：{problem}</translation>
    </message>
    <message>
        <source>Field {field}: must be {expected}.</source>
        <translation>字段 {field}：必须是 {expected}。</translation>
    </message>
    <message>
        <source>Field {field}: “{value}” is not in normalised form ({normalised}).</source>
        <translation>字段 {field}：“{value}”不是规范格式（{normalised}）。</translation>
    </message>
    <message>
        <source>Choose a stronger passphrase ({message}).</source>
        <translation>请选择更强的口令（{message}）。</translation>
    </message>
    <message>
        <source>No Liaison profile was found: {message}</source>
        <translation>未找到 Liaison 档案：{message}</translation>
    </message>
    <message>
        <source>The profile was not created: {message}</source>
        <translation>未创建档案：{message}</translation>
    </message>
    <message>
        <source>This name or agency cannot be used: {message}</source>
        <translation>无法使用此姓名或机构：{message}</translation>
    </message>
    <message>
        <source>The profile's encrypted files are missing or damaged: {message}</source>
        <translation>档案的加密文件缺失或已损坏：{message}</translation>
    </message>
    <message>
        <source>The relay refused the request ({status} {error}): {detail}</source>
        <translation>中继拒绝了请求（{status} {error}）：{detail}</translation>
    </message>
    <message>
        <source>This message can no longer be sent: the operation was closed, or this device was removed from it.</source>
        <translation>此消息已无法发送：该行动已结束，或本设备已被移出该行动。</translation>
    </message>
    <message>
        <source>There is no secure session yet with some members' devices; one is set up with a key from the relay first.</source>
        <translation>与部分成员的设备尚未建立安全会话；将先用中继提供的密钥建立会话。</translation>
    </message>
    <message>
        <source>The relay on this computer could not be started: {message}</source>
        <translation>无法启动本机上的中继：{message}</translation>
    </message>
    <message>
        <source>The demo workspace could not be prepared: {message}</source>
        <translation>无法准备演示工作区：{message}</translation>
    </message>
    <message>
        <source>Field answers: there is no warning {value} in this channel.</source>
        <translation>字段 answers：此频道中没有预警 {value}。</translation>
    </message>
    <message>
        <source>A {kind} report carries no photos: only a seizure report does.</source>
        <translation>{kind} 报告不能附带照片：只有查获报告可以。</translation>
    </message>
    <message>
        <source>A seizure report carries at most {limit} photos.</source>
        <translation>查获报告最多附带 {limit} 张照片。</translation>
    </message>
    <message>
        <source>Photo {path}: not a readable file.</source>
        <translation>照片 {path}：不是可读取的文件。</translation>
    </message>
    <message>
        <source>Photo {path}: {media_type} is not an image type.</source>
        <translation>照片 {path}：{media_type} 不是图片类型。</translation>
    </message>
    <message>
        <source>The operation {name} was closed by its coordinator: no more messages or reports can be sent to it.</source>
        <translation>行动 {name} 已由协调人关闭：不能再向其发送消息或报告。</translation>
    </message>
    <message>
        <source>The folder {folder} already holds files: a transcript goes into a new, empty folder. Choose another folder name. Nothing was written.</source>
        <translation>文件夹 {folder} 中已有文件：笔录须导出到一个新的空文件夹。请另选文件夹名称。未写入任何内容。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder. Choose another folder name. Nothing was written.</source>
        <translation>{folder} 是文件，不是文件夹。请另选文件夹名称。未写入任何内容。</translation>
    </message>
    <message>
        <source>The transcript's PDF needs a Simplified Chinese font that is not installed on this computer (Noto Sans CJK, Debian package fonts-noto-cjk). Nothing was written; ask your administrator to install it.</source>
        <translation>笔录的 PDF 需要本机未安装的简体中文字体（Noto Sans CJK，Debian 软件包 fonts-noto-cjk）。未写入任何内容；请联系管理员安装。</translation>
    </message>
    <message>
        <source>The period ends before it starts: the last day must not be before the first.</source>
        <translation>时间段的结束早于开始：最后一天不能早于第一天。</translation>
    </message>
    <message>
        <source>This profile already has a relay. To reach it at another address or through another CA certificate, change it under Relay.</source>
        <translation>此档案已有中继服务器。如需通过其他地址或其他 CA 证书连接，请在“中继服务器”下更改。</translation>
    </message>
    <message>
        <source>This enrollment token was issued for another agency ({detail}) than this profile's ({agency}). Ask your relay administrator for a token for your agency.</source>
        <translation>此注册令牌是为另一机构（{detail}）签发的，而不是本档案的机构（{agency}）。请向中继服务器管理员索取为您所在机构签发的令牌。</translation>
    </message>
    <message>
        <source>Your IT department set the relay ({url}); this profile can join only that one, trusted as IT set it.</source>
        <translation>您的 IT 部门已设置中继服务器（{url}）；此档案只能加入该服务器，并按 IT 的设置验证。</translation>
    </message>
    <message>
        <source>The passphrase is too short: use at least {min_chars} characters.</source>
        <translation>口令太短：请至少使用 {min_chars} 个字符。</translation>
    </message>
    <message>
        <source>The passphrase repeats too few characters: use more different characters.</source>
        <translation>口令中不同的字符太少：请使用更多不同的字符。</translation>
    </message>
    <message>
        <source>The system keyring is locked. Unlock it (usually by logging in again) and try once more.</source>
        <translation>系统密钥环已锁定。请将其解锁（通常是重新登录）后再试一次。</translation>
    </message>
    <message>
        <source>These keys belong to another profile: Liaison stays locked.</source>
        <translation>这些密钥属于另一个配置文件：Liaison 保持锁定。</translation>
    </message>
    <message>
        <source>Enter your passphrase to unlock.</source>
        <translation>请输入口令以解锁。</translation>
    </message>
    <message>
        <source>This profile has no relay: it works on this computer only, and this needs one.</source>
        <translation>此配置文件没有中继：它只能在此计算机上使用，而此操作需要中继。</translation>
    </message>
    <message>
        <source>This message has already left this computer, or another officer sent it: it can no longer be sent again or deleted. Nothing was changed.</source>
        <translation>此消息已离开本计算机，或由其他官员发送：无法再重新发送或删除。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="89" />
        <source>That is not a recovery key as Liaison writes them: check each group of letters and digits against your paper and try again.</source>
        <translation>这不是 Liaison 格式的恢复密钥：请对照纸上的记录逐组核对字母和数字，然后重试。</translation>
    </message>
    <message>
        <source>Upload cancelled. Nothing was sent.</source>
        <translation>上传已取消。未发送任何内容。</translation>
    </message>
</context>
<context>
    <name>RelaySection</name>
    <message>
        <source>Relay</source>
        <translation>中继服务器</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No relay: this profile works on this computer only.</source>
        <translation>未配置中继服务器：此档案仅在本机使用。</translation>
    </message>
    <message>
        <source>Trusted through its pinned CA certificate.</source>
        <translation>通过固定的 CA 证书验证。</translation>
    </message>
    <message>
        <source>Trusted through the system's certificate authorities.</source>
        <translation>通过系统证书颁发机构验证。</translation>
    </message>
    <message>
        <source>Relay &amp;address</source>
        <translation>中继服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>New pinned &amp;CA certificate (optional)</source>
        <translation>新的固定 CA 证书（可选）(&amp;C)</translation>
    </message>
    <message>
        <source>Empty: keep the current trust</source>
        <translation>留空：保持当前的信任方式</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Remove the pinned CA and trust the system's certificate authorities</source>
        <translation>移除固定的 CA，改为信任系统证书颁发机构</translation>
    </message>
    <message>
        <source>Check and sa&amp;ve</source>
        <translation>检查并保存(&amp;V)</translation>
    </message>
    <message>
        <source>Relay address</source>
        <translation>中继服务器地址</translation>
    </message>
    <message>
        <source>New pinned CA certificate file</source>
        <translation>新的固定 CA 证书文件</translation>
    </message>
    <message>
        <source>Choose CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <source>Remove the pinned CA</source>
        <translation>移除固定的 CA</translation>
    </message>
    <message>
        <source>Check the relay and save it</source>
        <translation>检查中继服务器并保存</translation>
    </message>
    <message>
        <source>Checking the relay at {url}…</source>
        <translation>正在检查中继服务器 {url}…</translation>
    </message>
    <message>
        <source>Saved. The relay answered and knows this device; Liaison now uses it.</source>
        <translation>已保存。中继服务器已应答并识别本设备；Liaison 现已改用该服务器。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>Joined. This device is registered with the relay at {url}; messages now sync.</source>
        <translation>已加入。本设备已在位于 {url} 的中继服务器注册；消息现在开始同步。</translation>
    </message>
    <message>
        <source>Not encrypted: plain http to a relay on this computer (loopback only).</source>
        <translation>未加密：以明文 http 连接本机上的中继（仅限本地回环）。</translation>
    </message>
</context>
<context>
    <name>Rejection</name>
    <message>
        <source>the message is malformed</source>
        <translation>消息格式错误</translation>
    </message>
    <message>
        <source>the message uses a format this version does not know</source>
        <translation>消息使用了本版本无法识别的格式</translation>
    </message>
    <message>
        <source>the sending device is not known</source>
        <translation>发送设备未知</translation>
    </message>
    <message>
        <source>the sender's identity key changed: verify it again</source>
        <translation>发送方的身份密钥已更改：请重新验证</translation>
    </message>
    <message>
        <source>the message could not be decrypted (tampered or corrupt)</source>
        <translation>消息无法解密（已被篡改或已损坏）</translation>
    </message>
    <message>
        <source>the message claims a sender other than the one that sent it</source>
        <translation>消息声称的发送方与实际发送方不符</translation>
    </message>
    <message>
        <source>the message was encrypted for another device</source>
        <translation>该消息是为另一台设备加密的</translation>
    </message>
    <message>
        <source>the sender's signature does not verify</source>
        <translation>发送方的签名验证失败</translation>
    </message>
    <message>
        <source>the message is a replay of an earlier one</source>
        <translation>该消息是先前消息的重放</translation>
    </message>
    <message>
        <source>a key share tried to take over another sender's session</source>
        <translation>一次密钥分发试图接管另一发送方的会话</translation>
    </message>
    <message>
        <source>the channel is not known on this device</source>
        <translation>本设备上没有该频道</translation>
    </message>
    <message>
        <source>the message claims a channel its key was not shared for</source>
        <translation>消息声称的频道与其密钥分发的频道不符</translation>
    </message>
    <message>
        <source>the sender is not a member of the channel</source>
        <translation>发送方不是该频道的成员</translation>
    </message>
    <message>
        <source>the message belongs to an outdated membership epoch</source>
        <translation>消息属于已过时的成员纪元</translation>
    </message>
    <message>
        <source>the message belongs to a membership epoch not yet received</source>
        <translation>消息属于尚未收到的成员纪元</translation>
    </message>
    <message>
        <source>a membership change was not signed by the channel coordinator</source>
        <translation>成员变更未经频道协调员签名</translation>
    </message>
    <message>
        <source>a membership change arrived out of order</source>
        <translation>成员变更的到达顺序错误</translation>
    </message>
    <message>
        <source>a membership change conflicts with the one already accepted</source>
        <translation>成员变更与已接受的变更相冲突</translation>
    </message>
    <message>
        <source>a membership change is not valid for the channel</source>
        <translation>成员变更对该频道无效</translation>
    </message>
    <message>
        <source>the channel is closed</source>
        <translation>该频道已关闭</translation>
    </message>
    <message>
        <source>the message kind is not supported by this version</source>
        <translation>本版本不支持该消息类型</translation>
    </message>
    <message>
        <source>this device was removed from the channel before the message was written</source>
        <translation>本设备在该消息写成之前已被移出频道</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>已拒绝：{reason}</translation>
    </message>
</context>
<context>
    <name>SyncNotice</name>
    <message>
        <source>A message was refused: {reason}</source>
        <translation>一条消息被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Waiting for the key from {name}</source>
        <translation>正在等待 {name} 的密钥</translation>
    </message>
    <message>
        <source>{name} was removed from {operation}: the relay's administrator revoked the device</source>
        <translation>已将 {name} 移出 {operation}：中继管理员已吊销该设备</translation>
    </message>
    <message>
        <source>This profile has no relay: messages stay on this computer.</source>
        <translation>此配置文件没有中继：消息只保存在此计算机上。</translation>
    </message>
    <message>
        <source>Sync reported a problem; what was not sent stays in the outbox.</source>
        <translation>同步时出现问题；未发出的内容保留在发件箱中。</translation>
    </message>
    <message numerus="yes">
        <source>The relay refused a batch ({status}); %n envelope(s) wait in the outbox and will be retried.</source>
        <translation>
            <numerusform>中继拒绝了一批信封（{status}）；%n 个信封在发件箱中等待重试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The relay cannot be reached; %n envelope(s) wait in the outbox.</source>
        <translation>
            <numerusform>无法连接中继；%n 个信封在发件箱中等待。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The relay refused %n envelope(s) for good ({status}); they were set aside and are not retried.</source>
        <translation>
            <numerusform>中继永久拒绝了 %n 个信封（{status}）；它们已被搁置，不再重试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaFileField</name>
    <message>
        <source>Choose the relay's CA certificate</source>
        <translation>选择中继的 CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ReportCard</name>
    <message>
        <source>{label}: {warning} (Enter goes to it)</source>
        <translation>{label}：{warning}（按 Enter 跳转）</translation>
    </message>
</context>
<context>
    <name>WatchlistText</name>
    <message>
        <source>Container</source>
        <translation>集装箱</translation>
    </message>
    <message>
        <source>HS code</source>
        <translation>HS 编码</translation>
    </message>
    <message>
        <source>Ship (IMO)</source>
        <translation>船舶（IMO）</translation>
    </message>
    <message>
        <source>Air waybill</source>
        <translation>航空运单</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Company name, Latin or Chinese</source>
        <translation>企业名称，中文或拉丁字母</translation>
    </message>
    <message>
        <source>Word or phrase in a goods description</source>
        <translation>货物描述中的词或短语</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>(not matched)</source>
        <translation>（不匹配）</translation>
    </message>
    <message>
        <source>same identifier</source>
        <translation>编号相同</translation>
    </message>
    <message>
        <source>HS code under the listed code</source>
        <translation>HS 编码属于所列编码之下</translation>
    </message>
    <message>
        <source>similar company name</source>
        <translation>企业名称相似</translation>
    </message>
    <message>
        <source>keyword in the description</source>
        <translation>描述中含关键词</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Identifiers</source>
        <translation>识别码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>EntriesModel</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>匹配内容</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
</context>
<context>
    <name>MatchSummary</name>
    <message>
        <source>Watch-list match: {manifest} against {list}</source>
        <translation>监控清单比对：{manifest} 对照 {list}</translation>
    </message>
    <message>
        <source>{hits} hits in {rows} of {total} manifest rows</source>
        <translation>舱单 {total} 行中有 {rows} 行命中，共 {hits} 处命中</translation>
    </message>
    <message>
        <source>Row {row}, {column}: {matched} → {entry} ({why}, {score})</source>
        <translation>第 {row} 行，{column}：{matched} → {entry}（{why}，{score}）</translation>
    </message>
    <message>
        <source>… and {count} more hits</source>
        <translation>……另有 {count} 处命中</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <source>The USCC's check character does not match: the entry will be stored and flagged.</source>
        <translation>统一社会信用代码的校验码不符：条目将被保存并加注标记。</translation>
    </message>
    <message>
        <source>National code under HS subheading {code}.</source>
        <translation>HS 子目 {code} 下的国家编码。</translation>
    </message>
    <message>
        <source>Edit entry</source>
        <translation>编辑条目</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>添加条目</translation>
    </message>
    <message>
        <source>&amp;List:</source>
        <translation>清单(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类别(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;USCC (optional):</source>
        <translation>统一社会信用代码（可选）(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;EORI (optional):</source>
        <translation>EORI（可选）(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Tags (separated by ;):</source>
        <translation>标签（以 ; 分隔）(&amp;T)：</translation>
    </message>
    <message>
        <source>E&amp;xpires on:</source>
        <translation>到期日(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>List</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>EORI</source>
        <translation>EORI</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Entry history</source>
        <translation>条目历史</translation>
    </message>
    <message>
        <source>History of {value}</source>
        <translation>{value} 的历史</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>Import only the {count} &amp;valid rows</source>
        <translation>仅导入 {count} 条有效行(&amp;V)</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>正在检查 {file}…</translation>
    </message>
    <message>
        <source>{count} rows, all valid. Nothing is stored until you import them.</source>
        <translation>共 {count} 行，全部有效。导入前不会保存任何内容。</translation>
    </message>
    <message>
        <source>{bad} rows cannot be imported (listed below); {good} rows are valid. Nothing was stored.</source>
        <translation>{bad} 行无法导入（见下方列表）；{good} 行有效。未保存任何内容。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was stored.</source>
        <translation>已取消：未保存任何内容。</translation>
    </message>
    <message>
        <source>Importing {count} entries…</source>
        <translation>正在导入 {count} 个条目…</translation>
    </message>
    <message>
        <source>Imported {count} entries into {list}.</source>
        <translation>已将 {count} 个条目导入 {list}。</translation>
    </message>
    <message>
        <source>Import into {list}</source>
        <translation>导入到 {list}</translation>
    </message>
    <message>
        <source>Columns: kind, value, note, tags, expires (and uscc, eori for companies); tags separated by ;. CSV in UTF-8 or GB18030, or XLSX.</source>
        <translation>列：kind、value、note、tags、expires（企业另有 uscc、eori）；标签以 ; 分隔。CSV（UTF-8 或 GB18030）或 XLSX。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Check file</source>
        <translation>检查文件(&amp;C)</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Rows that cannot be imported</source>
        <translation>无法导入的行</translation>
    </message>
    <message>
        <source>&amp;Import all</source>
        <translation>全部导入(&amp;I)</translation>
    </message>
    <message>
        <source>Import all rows</source>
        <translation>导入所有行</translation>
    </message>
    <message>
        <source>Import only the valid rows</source>
        <translation>仅导入有效行</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MatchWizard</name>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Matching {rows} rows against {list}…</source>
        <translation>正在将 {rows} 行与 {list} 比对…</translation>
    </message>
    <message>
        <source>Export match results</source>
        <translation>导出比对结果</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved {count} hits to {file}</source>
        <translation>已将 {count} 处命中保存到 {file}</translation>
    </message>
    <message>
        <source>Posting the summary…</source>
        <translation>正在发布摘要…</translation>
    </message>
    <message>
        <source>Summary posted to the operation.</source>
        <translation>摘要已发布到行动。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>首个值</translation>
    </message>
    <message>
        <source>Match as</source>
        <translation>比对为</translation>
    </message>
    <message>
        <source>Match column {name} as</source>
        <translation>将列 {name} 比对为</translation>
    </message>
    <message>
        <source>{hits} hits in {rows} of {total} rows of {file}, against {list}.</source>
        <translation>{file} 的 {total} 行中有 {rows} 行命中，共 {hits} 处，对照 {list}。</translation>
    </message>
    <message>
        <source>Match a manifest against {list}</source>
        <translation>将舱单与 {list} 比对</translation>
    </message>
    <message>
        <source>Choose a manifest (CSV or XLSX). Its columns are matched against the list's active entries; the next step shows which column is matched as what.</source>
        <translation>选择舱单（CSV 或 XLSX）。其各列将与清单中的有效条目比对；下一步显示每列按何种类别比对。</translation>
    </message>
    <message>
        <source>&amp;Manifest:</source>
        <translation>舱单(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Next: columns</source>
        <translation>下一步：列(&amp;N)</translation>
    </message>
    <message>
        <source>Read the manifest's columns</source>
        <translation>读取舱单的列</translation>
    </message>
    <message>
        <source>Each column's target was guessed from its name; change any that is wrong.</source>
        <translation>每列的比对类别是根据列名推测的；如有错误请修改。</translation>
    </message>
    <message>
        <source>Manifest columns</source>
        <translation>舱单列</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>返回(&amp;B)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>&amp;Match</source>
        <translation>比对(&amp;M)</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>比对</translation>
    </message>
    <message>
        <source>Match results</source>
        <translation>比对结果</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Export results as CSV</source>
        <translation>将结果导出为 CSV</translation>
    </message>
    <message>
        <source>&amp;Post summary</source>
        <translation>发布摘要(&amp;P)</translation>
    </message>
    <message>
        <source>Post summary to the operation</source>
        <translation>将摘要发布到行动</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Create &amp;report…</source>
        <translation>创建报告(&amp;R)…</translation>
    </message>
    <message>
        <source>Create a warning report from the selected hit</source>
        <translation>根据所选命中创建预警报告</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
</context>
<context>
    <name>SpreadsheetField</name>
    <message>
        <source>Choose a spreadsheet</source>
        <translation>选择电子表格</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.xlsx)</source>
        <translation>电子表格 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Browse for a file</source>
        <translation>浏览文件</translation>
    </message>
    <message>
        <source>Spreadsheet file</source>
        <translation>电子表格文件</translation>
    </message>
    <message>
        <source>A .csv or .xlsx file</source>
        <translation>.csv 或 .xlsx 文件</translation>
    </message>
</context>
<context>
    <name>WatchlistsScreen</name>
    <message>
        <source>Watch-lists</source>
        <translation>监控清单</translation>
    </message>
    <message>
        <source>Loading watch-lists…</source>
        <translation>正在加载监控清单…</translation>
    </message>
    <message>
        <source>This operation has no watch-list yet. Add an entry (Ctrl+N) or import a spreadsheet to start one.</source>
        <translation>此行动尚无监控清单。添加条目（Ctrl+N）或导入电子表格即可新建。</translation>
    </message>
    <message>
        <source>{shown} of {total} entries shown</source>
        <translation>显示 {shown} / {total} 个条目</translation>
    </message>
    <message>
        <source>Watch-list</source>
        <translation>监控清单</translation>
    </message>
    <message>
        <source>Saved {value}</source>
        <translation>已保存 {value}</translation>
    </message>
    <message>
        <source>Retire entry</source>
        <translation>停用条目</translation>
    </message>
    <message>
        <source>Retire {value}? It stops matching for every member of the operation; its history is kept.</source>
        <translation>停用 {value}？行动的所有成员将不再用它比对；其历史将保留。</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>停用(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export watch-list</source>
        <translation>导出监控清单</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>电子表格 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Exported {count} entries to {file}</source>
        <translation>已将 {count} 个条目导出到 {file}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>&amp;List:</source>
        <translation>清单(&amp;L)：</translation>
    </message>
    <message>
        <source>Locked by the coordinator: read-only</source>
        <translation>已被协调人锁定：只读</translation>
    </message>
    <message>
        <source>Un&amp;lock list</source>
        <translation>解锁清单(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Lock list</source>
        <translation>锁定清单(&amp;L)</translation>
    </message>
    <message>
        <source>Unlock list</source>
        <translation>解锁清单</translation>
    </message>
    <message>
        <source>Lock list</source>
        <translation>锁定清单</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>筛选(&amp;F)：</translation>
    </message>
    <message>
        <source>Value, note, tag or author (Ctrl+L)</source>
        <translation>值、备注、标签或作者（Ctrl+L）</translation>
    </message>
    <message>
        <source>Filter entries</source>
        <translation>筛选条目</translation>
    </message>
    <message>
        <source>Show &amp;retired and expired</source>
        <translation>显示已停用和已过期(&amp;R)</translation>
    </message>
    <message>
        <source>Show retired and expired</source>
        <translation>显示已停用和已过期</translation>
    </message>
    <message>
        <source>Watch-list entries</source>
        <translation>监控清单条目</translation>
    </message>
    <message>
        <source>&amp;Add entry…</source>
        <translation>添加条目(&amp;A)…</translation>
    </message>
    <message>
        <source>Add entry</source>
        <translation>添加条目</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit entry</source>
        <translation>编辑条目</translation>
    </message>
    <message>
        <source>Re&amp;tire…</source>
        <translation>停用(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <source>Entry history</source>
        <translation>条目历史</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import spreadsheet</source>
        <translation>导入电子表格</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export list</source>
        <translation>导出清单</translation>
    </message>
    <message>
        <source>&amp;Match manifest…</source>
        <translation>比对舱单(&amp;M)…</translation>
    </message>
    <message>
        <source>Match manifest</source>
        <translation>比对舱单</translation>
    </message>
</context>
<context>
    <name>ProvisionedDefaults</name>
    <message>
        <source>Set by your IT department; it cannot be changed here.</source>
        <translation>由您的 IT 部门设置，此处不可更改。</translation>
    </message>
    <message>
        <source>Your IT department allows only these agencies: {agencies}.</source>
        <translation>您的 IT 部门只允许以下机构：{agencies}。</translation>
    </message>
    <message>
        <source>Your IT department requires the OS keyring to keep the database key, and it is not available here. Ask IT for help.</source>
        <translation>您的 IT 部门要求使用操作系统密钥环保存数据库密钥，但此处不可用。请联系 IT。</translation>
    </message>
    <message>
        <source>Use at least {count} characters: your IT department's rule.</source>
        <translation>请至少使用 {count} 个字符：这是您的 IT 部门的规定。</translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <source>A verified update is available: Liaison {version}. Ask IT to install it.</source>
        <translation>有经过验证的更新可用：Liaison {version}。请联系 IT 安装。</translation>
    </message>
    <message>
        <source>An update was published but did not verify: tell IT.</source>
        <translation>已发布的更新未通过验证：请告知 IT。</translation>
    </message>
</context>
<context>
    <name>ExportOfferDialog</name>
    <message>
        <source>Operation closed</source>
        <translation>行动已结束</translation>
    </message>
    <message>
        <source>{operation} is closed: its record is final. Export the signed transcript now? You can also do it later from Operation → Export transcript…, until the operation's history is deleted from this computer.</source>
        <translation>{operation} 已结束：其记录已定稿。现在导出签名笔录吗？您也可以稍后通过“行动 → 导出笔录…”导出，直到该行动的历史记录从本机删除为止。</translation>
    </message>
    <message>
        <source>&amp;Export now</source>
        <translation>立即导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export the transcript now</source>
        <translation>立即导出笔录</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>(choose a unit)</source>
        <translation>（选择单位）</translation>
    </message>
    <message>
        <source>(choose the outcome)</source>
        <translation>（选择查验结果）</translation>
    </message>
    <message>
        <source>(choose the warning answered)</source>
        <translation>（选择所答复的预警）</translation>
    </message>
    <message>
        <source>(no warning in this operation yet)</source>
        <translation>（本行动中尚无预警）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>e.g. 1250 or 12.5</source>
        <translation>例如 1250 或 12.5</translation>
    </message>
    <message>
        <source>e.g. CSQU3054383</source>
        <translation>例如 CSQU3054383</translation>
    </message>
    <message>
        <source>e.g. 176-12345675</source>
        <translation>例如 176-12345675</translation>
    </message>
    <message>
        <source>e.g. IMO 9074729</source>
        <translation>例如 IMO 9074729</translation>
    </message>
    <message>
        <source>e.g. 2402.20</source>
        <translation>例如 2402.20</translation>
    </message>
    <message>
        <source>one per line</source>
        <translation>每行一个</translation>
    </message>
</context>
<context>
    <name>HitPrefill</name>
    <message>
        <source>Watch-list match: {entry} (list {list}, manifest row {row})</source>
        <translation>监控清单命中：{entry}（清单 {list}，舱单第 {row} 行）</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Attach photos</source>
        <translation>附加照片</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图片 ({patterns})</translation>
    </message>
    <message>
        <source>Encrypting the photos and storing the report…</source>
        <translation>正在加密照片并保存报告…</translation>
    </message>
    <message>
        <source>Signing and storing the report…</source>
        <translation>正在签名并保存报告…</translation>
    </message>
    <message>
        <source>New report — {operation}</source>
        <translation>新建报告 — {operation}</translation>
    </message>
    <message>
        <source>The report is signed by this device and sent end-to-end encrypted to the members of {operation}. Fields marked * are required.</source>
        <translation>报告由本设备签名，并以端到端加密方式发送给 {operation} 的成员。标有 * 的字段为必填项。</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>Kind of report</source>
        <translation>报告类型</translation>
    </message>
    <message>
        <source>&amp;Add photos…</source>
        <translation>添加照片(&amp;A)…</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Re&amp;move photo</source>
        <translation>移除照片(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the selected photo</source>
        <translation>移除所选照片</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Send report</source>
        <translation>发送报告(&amp;S)</translation>
    </message>
    <message>
        <source>Send report</source>
        <translation>发送报告</translation>
    </message>
    <message>
        <source>Send report (Ctrl+Enter)</source>
        <translation>发送报告 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>{label} *:</source>
        <translation>{label} *：</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
</context>
<context>
    <name>TranscriptExportDialog</name>
    <message>
        <source>Save the transcript in</source>
        <translation>笔录保存位置</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Writing the PDF: message {done} of {total}…</source>
        <translation>正在生成 PDF：第 {done} 条，共 {total} 条消息…</translation>
    </message>
    <message>
        <source>Signing the transcript…</source>
        <translation>正在签名笔录…</translation>
    </message>
    <message>
        <source>Writing the record: message {done} of {total}…</source>
        <translation>正在写入记录：第 {done} 条，共 {total} 条消息…</translation>
    </message>
    <message>
        <source>Reading the operation…</source>
        <translation>正在读取行动…</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>导出已取消：未写入任何内容。</translation>
    </message>
    <message>
        <source>Export transcript — {operation}</source>
        <translation>导出笔录 — {operation}</translation>
    </message>
    <message>
        <source>A folder with the operation's signed record (JSON and PDF), its signatures by this device and a verifier anyone can run offline.</source>
        <translation>一个文件夹，包含该行动的签名记录（JSON 和 PDF）、本设备的签名，以及任何人都可离线运行的验证程序。</translation>
    </message>
    <message>
        <source>Save &amp;in:</source>
        <translation>保存位置(&amp;I)：</translation>
    </message>
    <message>
        <source>Folder to save the transcript in</source>
        <translation>保存笔录的文件夹</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Folder &amp;name:</source>
        <translation>文件夹名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Name of the new transcript folder</source>
        <translation>新笔录文件夹的名称</translation>
    </message>
    <message>
        <source>Only a &amp;period (UTC days)</source>
        <translation>仅导出一段时间(&amp;P)（UTC 日期）</translation>
    </message>
    <message>
        <source>Include the &amp;attachments (downloaded from the relay and decrypted)</source>
        <translation>包含附件(&amp;A)（从中继服务器下载并解密）</translation>
    </message>
    <message>
        <source>Include the attachments</source>
        <translation>包含附件</translation>
    </message>
    <message>
        <source>Only a period</source>
        <translation>仅导出一段时间</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>第一天</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>到(&amp;T)：</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>最后一天</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>Exported {count} messages. Give the whole folder to the recipient; the SHA-256 below is printed on every PDF page and can be read out to confirm the copy.</source>
        <translation>已导出 {count} 条消息。请将整个文件夹交给接收方；下方的 SHA-256 印在 PDF 的每一页上，可以口头核对以确认副本无误。</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Copy the folder path</source>
        <translation>复制文件夹路径</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>SHA-256 of transcript.json</source>
        <translation>transcript.json 的 SHA-256</translation>
    </message>
    <message>
        <source>Copy the SHA-256</source>
        <translation>复制 SHA-256</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Open the transcript folder</source>
        <translation>打开笔录文件夹</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export the transcript</source>
        <translation>导出笔录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel the export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Transcript {operation} {date}</source>
        <translation>笔录 {operation} {date}</translation>
    </message>
</context>
<context>
    <name>JoinSection</name>
    <message>
        <source>Join a relay</source>
        <translation>加入中继服务器</translation>
    </message>
    <message>
        <source>To reach colleagues, register this device with your relay using the enrollment token from its administrator. Your operations and messages on this computer are kept.</source>
        <translation>如需与同事联络，请使用中继服务器管理员提供的注册令牌将本设备注册到中继服务器。本机上的行动和消息将保留。</translation>
    </message>
    <message>
        <source>Relay add&amp;ress</source>
        <translation>中继服务器地址(&amp;R)</translation>
    </message>
    <message>
        <source>Pinned CA certificate (o&amp;ptional)</source>
        <translation>固定的 CA 证书（可选）(&amp;P)</translation>
    </message>
    <message>
        <source>Enrollment to&amp;ken</source>
        <translation>注册令牌(&amp;K)</translation>
    </message>
    <message>
        <source>Empty: trust the system's certificate authorities</source>
        <translation>留空：信任系统的证书颁发机构</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Join relay</source>
        <translation>加入中继服务器(&amp;J)</translation>
    </message>
    <message>
        <source>Relay address to join</source>
        <translation>要加入的中继服务器地址</translation>
    </message>
    <message>
        <source>Pinned CA certificate file for the relay</source>
        <translation>中继服务器的固定 CA 证书文件</translation>
    </message>
    <message>
        <source>Choose CA certificate file</source>
        <translation>选择 CA 证书文件</translation>
    </message>
    <message>
        <source>Enrollment token</source>
        <translation>注册令牌</translation>
    </message>
    <message>
        <source>Join the relay</source>
        <translation>加入中继服务器</translation>
    </message>
    <message>
        <source>Enter the enrollment token your relay administrator gave you.</source>
        <translation>请输入中继服务器管理员给您的注册令牌。</translation>
    </message>
    <message>
        <source>Joining the relay at {url}…</source>
        <translation>正在加入位于 {url} 的中继服务器…</translation>
    </message>
    <message>
        <source>Not joined: {reason}</source>
        <translation>未加入：{reason}</translation>
    </message>
</context>
<context>
    <name>TimelineEvent</name>
    <message>
        <source>You turned read receipts on</source>
        <translation>你开启了已读回执</translation>
    </message>
    <message>
        <source>You turned read receipts off</source>
        <translation>你关闭了已读回执</translation>
    </message>
    <message>
        <source>{actor} turned read receipts on</source>
        <translation>{actor} 开启了已读回执</translation>
    </message>
    <message>
        <source>{actor} turned read receipts off</source>
        <translation>{actor} 关闭了已读回执</translation>
    </message>
    <message>
        <source>You created this operation</source>
        <translation>您创建了此行动</translation>
    </message>
    <message>
        <source>{actor} created this operation</source>
        <translation>{actor} 创建了此行动</translation>
    </message>
    <message>
        <source>You invited {subject}</source>
        <translation>您邀请了 {subject}</translation>
    </message>
    <message>
        <source>{actor} invited you</source>
        <translation>{actor} 邀请了您</translation>
    </message>
    <message>
        <source>{actor} invited {subject}</source>
        <translation>{actor} 邀请了 {subject}</translation>
    </message>
    <message>
        <source>You removed {subject} from this operation</source>
        <translation>您已将 {subject} 移出此行动</translation>
    </message>
    <message>
        <source>You were removed from this operation by {actor}</source>
        <translation>{actor} 已将您移出此行动</translation>
    </message>
    <message>
        <source>{actor} removed {subject} from this operation</source>
        <translation>{actor} 已将 {subject} 移出此行动</translation>
    </message>
    <message>
        <source>You renamed this operation “{name}”</source>
        <translation>您将此行动重命名为“{name}”</translation>
    </message>
    <message>
        <source>{actor} renamed this operation “{name}”</source>
        <translation>{actor} 将此行动重命名为“{name}”</translation>
    </message>
    <message>
        <source>You closed this operation</source>
        <translation>您关闭了此行动</translation>
    </message>
    <message>
        <source>{actor} closed this operation</source>
        <translation>{actor} 关闭了此行动</translation>
    </message>
    <message numerus="yes">
        <source>You set the history to be deleted %n day(s) after the close</source>
        <translation>
            <numerusform>您设定关闭 %n 天后删除历史记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{actor} set the history to be deleted %n day(s) after the close</source>
        <translation>
            <numerusform>{actor} 设定关闭 %n 天后删除历史记录</numerusform>
        </translation>
    </message>
    <message>
        <source>You verified {subject}'s key by scanning their code</source>
        <translation>您通过扫描对方的二维码验证了 {subject} 的密钥</translation>
    </message>
    <message>
        <source>You verified {subject}'s key by comparing the 60 digits</source>
        <translation>您通过核对 60 位数字验证了 {subject} 的密钥</translation>
    </message>
    <message>
        <source>You marked {subject} as not verified</source>
        <translation>您已将 {subject} 标记为未验证</translation>
    </message>
</context>
<context>
    <name>NewOperationDialog</name>
    <message>
        <source>New operation</source>
        <translation>新建行动</translation>
    </message>
    <message>
        <source>Operation &amp;name (you will be its coordinator):</source>
        <translation>行动名称(&amp;N)（您将担任协调人）：</translation>
    </message>
    <message>
        <source>Operation name</source>
        <translation>行动名称</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>创建(&amp;R)</translation>
    </message>
    <message>
        <source>Create the operation</source>
        <translation>创建行动</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Jump to the latest message</source>
        <translation>跳到最新消息</translation>
    </message>
    <message>
        <source>&amp;Copy text</source>
        <translation>复制文字(&amp;C)</translation>
    </message>
    <message>
        <source>Copy message &amp;ID</source>
        <translation>复制消息 ID(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Save attachment…</source>
        <translation>保存附件(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>详细信息(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Retry sending</source>
        <translation>重新发送(&amp;R)</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>Message actions</source>
        <translation>消息操作</translation>
    </message>
    <message>
        <source>R&amp;eply</source>
        <translation>回复(&amp;E)</translation>
    </message>
</context>
<context>
    <name>MessageDetailsDialog</name>
    <message>
        <source>Read by</source>
        <translation>已读成员</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>已读时间</translation>
    </message>
    <message>
        <source>Read by {read} of {total} members before read receipts were turned off</source>
        <translation>关闭已读回执前，{total} 名成员中有 {read} 名已读</translation>
    </message>
    <message>
        <source>Read receipts are off in this operation: its coordinator can turn them on.</source>
        <translation>本行动未开启已读回执：其协调员可以开启。</translation>
    </message>
    <message>
        <source>No other member to read it</source>
        <translation>没有其他成员可以阅读</translation>
    </message>
    <message>
        <source>Read by {read} of {total} members</source>
        <translation>{total} 名成员中 {read} 名已读</translation>
    </message>
    <message>
        <source>{name}: read {time}</source>
        <translation>{name}：{time} 已读</translation>
    </message>
    <message>
        <source>Message details</source>
        <translation>消息详细信息</translation>
    </message>
    <message>
        <source>Sender:</source>
        <translation>发送人：</translation>
    </message>
    <message>
        <source>Verification:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>发送时间：</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>接收时间：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>{name} (you)</source>
        <translation>{name}（您）</translation>
    </message>
    <message>
        <source>{name}, {agency}</source>
        <translation>{name}，{agency}</translation>
    </message>
    <message>
        <source>Delivered to {delivered} of {total} members</source>
        <translation>已送达 {total} 名成员中的 {delivered} 名</translation>
    </message>
    <message>
        <source>No other member to deliver to</source>
        <translation>没有其他需要送达的成员</translation>
    </message>
    <message>
        <source>Delivery per member</source>
        <translation>各成员的送达情况</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Your own device</source>
        <translation>您自己的设备</translation>
    </message>
    <message>
        <source>Key changed since it was last verified: compare safety numbers again</source>
        <translation>密钥在上次验证后已更改：请重新比对安全码</translation>
    </message>
    <message>
        <source>Verified: you compared safety numbers</source>
        <translation>已验证：您已比对安全码</translation>
    </message>
    <message>
        <source>Not verified: safety numbers not compared yet</source>
        <translation>未验证：尚未比对安全码</translation>
    </message>
    <message>
        <source>Not sent: the relay refused it ({reason})</source>
        <translation>未发送：中继拒绝了它（{reason}）</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <source>on the relay, not yet fetched</source>
        <translation>在中继上，尚未取回</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>expired on the relay before it was fetched</source>
        <translation>在取回前已在中继上过期</translation>
    </message>
    <message>
        <source>{name}: {state}, {time}</source>
        <translation>{name}：{state}，{time}</translation>
    </message>
    <message>
        <source>{name}: {state}</source>
        <translation>{name}：{state}</translation>
    </message>
</context>
<context>
    <name>ReplyBanner</name>
    <message>
        <source>Cancel reply</source>
        <translation>取消回复</translation>
    </message>
    <message>
        <source>Replying to {sender}: {excerpt}</source>
        <translation>正在回复 {sender}：{excerpt}</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="1" />
        <source>Liaison</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="93" />
        <source>Preparing the demo workspace…</source>
        <translation>正在准备演示工作区…</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="94" />
        <source>Starting Liaison…</source>
        <translation>正在启动 Liaison…</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="39" />
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="98" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="99" />
        <source>Quit Liaison</source>
        <translation>退出 Liaison</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="110" />
        <source>Starting the demo relay on this computer…</source>
        <translation>正在本机启动演示中继服务器…</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="112" />
        <source>Setting up your demo profile (the first time takes a few seconds: its keys are made and protected)…</source>
        <translation>正在设置您的演示档案（首次需要几秒钟：正在生成并保护密钥）…</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="115" />
        <source>Setting up the demo colleague and the demo operation…</source>
        <translation>正在设置演示同事和演示行动…</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="117" />
        <source>Opening your operations…</source>
        <translation>正在打开您的行动…</translation>
    </message>
    <message>
        <location filename="../../ui/startup/starting_screen.py" line="118" />
        <source>Opening your profile…</source>
        <translation>正在打开您的档案…</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="122" />
        <source>Recover your profile</source>
        <translation>恢复您的档案</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="123" />
        <source>Set a new passphrase with your recovery key</source>
        <translation>用恢复密钥设置新口令</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="125" />
        <source>Type the recovery key you wrote down when this profile was created, then choose a new passphrase. Your operations and messages stay as they are; the old passphrase no longer opens the profile.</source>
        <translation>请输入创建此档案时记下的恢复密钥，然后选择新口令。您的行动和消息保持不变；旧口令将无法再打开此档案。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="128" />
        <source>Recovery &amp;key</source>
        <translation>恢复密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="129" />
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="130" />
        <source>Groups of letters and digits, as on your paper</source>
        <translation>按纸上记录输入各组字母和数字</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="132" />
        <source>&amp;Show the key as I type</source>
        <translation>输入时显示密钥(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="133" />
        <source>Show the recovery key</source>
        <translation>显示恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="134" />
        <source>&amp;New passphrase</source>
        <translation>新口令(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="134" />
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="136" />
        <source>&amp;Repeat new passphrase</source>
        <translation>再次输入新口令(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="136" />
        <source>Repeat new passphrase</source>
        <translation>再次输入新口令</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="139" />
        <source>At least 12 characters. Several unrelated words are easy to remember and hard to guess.</source>
        <translation>至少 12 个字符。几个互不相关的词语既好记又难猜。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="141" />
        <source>Set passphrase and &amp;open</source>
        <translation>设置口令并打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="142" />
        <source>Set passphrase and open</source>
        <translation>设置口令并打开</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="143" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="157" />
        <source>Type your recovery key.</source>
        <translation>请输入您的恢复密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="160" />
        <source>Choose a new passphrase.</source>
        <translation>请选择新口令。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="164" />
        <source>The two passphrases do not match.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/recovery_dialog.py" line="171" />
        <source>Recovering your profile…</source>
        <translation>正在恢复您的档案…</translation>
    </message>
</context>
<context>
    <name>JumpToLatestButton</name>
    <message>
        <source>Jump to the latest message</source>
        <translation>跳到最新消息</translation>
    </message>
    <message>
        <source>New messages: {count}</source>
        <translation>新消息：{count}</translation>
    </message>
    <message>
        <source>{action} ({shortcut})</source>
        <translation>{action}（{shortcut}）</translation>
    </message>
</context>
<context>
    <name>AttachmentConfirmDialog</name>
    <message>
        <source>Send attachment</source>
        <translation>发送附件</translation>
    </message>
    <message>
        <source>Send {count} attachments</source>
        <translation>发送 {count} 个附件</translation>
    </message>
    <message>
        <source>{name} — preparing…</source>
        <translation>{name} — 正在准备…</translation>
    </message>
    <message>
        <source>{name} — {size}</source>
        <translation>{name} — {size}</translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation>正在加载预览…</translation>
    </message>
    <message>
        <source>Preview of {name}</source>
        <translation>{name} 的预览</translation>
    </message>
    <message>
        <source>&amp;Caption (optional)</source>
        <translation>说明(&amp;C)（可选）</translation>
    </message>
    <message>
        <source>Sent with the attachment, as a reply to it</source>
        <translation>随附件发送，作为对附件的回复</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel, send nothing</source>
        <translation>取消，不发送任何内容</translation>
    </message>
    <message>
        <source>{name} — this image could not be read</source>
        <translation>{name} — 无法读取此图片</translation>
    </message>
</context>
</TS>
