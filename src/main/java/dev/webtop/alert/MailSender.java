package dev.webtop.alert;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.util.Properties;

/**
 * E-mail through an SMTP server with Jakarta Mail: STARTTLS (required unless the server is on
 * this machine), or TLS from the start for smtps://; a login when the URL names a user. The
 * Message-ID is the alert's id, so a mailbox shows a repeat as the same message.
 */
final class MailSender implements Sender {
    private static final String TIMEOUT_MILLIS = "10000";

    private final AlertChannel channel;

    MailSender(AlertChannel channel) {
        this.channel = channel;
    }

    @Override
    public String send(AlertMessage alert) throws IOException {
        URI server = URI.create(channel.url());
        boolean tls = "smtps".equals(server.getScheme());
        String protocol = tls ? "smtps" : "smtp";
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".host", server.getHost());
        properties.put("mail." + protocol + ".port", String.valueOf(server.getPort() > 0 ? server.getPort() : tls ? 465 : 587));
        properties.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".starttls.enable", "true");
        properties.put("mail." + protocol + ".starttls.required",
            String.valueOf("required".equals(channel.settings().get("starttls"))));
        String user = server.getUserInfo();
        properties.put("mail." + protocol + ".auth", String.valueOf(user != null));
        Session session = Session.getInstance(properties);
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + alert.messageId() + "@webtop>");
                }
            };
            message.setFrom(new InternetAddress(channel.settings().get("from")));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(channel.settings().get("to")));
            message.setSubject(alert.title(), "UTF-8");
            message.setText(alert.text() + "\n", "UTF-8");
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect(server.getHost(), server.getPort(), user, user == null ? null : channel.secret());
                transport.sendMessage(message, message.getAllRecipients());
                String answer = transport instanceof org.eclipse.angus.mail.smtp.SMTPTransport smtp
                    ? smtp.getLastServerResponse() : "sent";
                return answer == null ? "sent" : answer.strip();
            }
        } catch (MessagingException e) {
            throw new IOException("SMTP " + server.getHost() + ": " + firstLine(e), e);
        }
    }

    private static String firstLine(MessagingException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String text = String.valueOf(cause.getMessage()).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
